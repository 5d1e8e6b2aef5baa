//! The short reference people quote on the phone, and the random token a
//! form carries so that submitting it twice makes one referral.

use crate::ReferralError;

/// Crockford's base32 without I, L, O and U: no letter that reads as a
/// digit or as another letter over the phone.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Five symbols: 32^5, about 33 million references.
const LENGTH: usize = 5;
pub const PREFIX: &str = "KC-";

fn random_bytes<const N: usize>() -> Result<[u8; N], ReferralError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| ReferralError::Random(e.to_string()))?;
    Ok(buf)
}

/// A new random reference like `KC-7F3K9`. Uniqueness is the caller's
/// (the column is UNIQUE and submission retries on a clash).
pub fn new_reference() -> Result<String, ReferralError> {
    let bytes = random_bytes::<LENGTH>()?;
    let mut s = String::with_capacity(PREFIX.len() + LENGTH);
    s.push_str(PREFIX);
    s.extend(bytes.iter().map(|b| char::from(ALPHABET[usize::from(b & 31)])));
    Ok(s)
}

/// Reads a reference as someone might type or say it: any case, spaces,
/// with or without `KC-`, and `O`/`I`/`L` for `0`/`1`/`1` as Crockford
/// allows. None when it cannot be one.
pub fn parse_reference(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let body = compact.strip_prefix("KC").unwrap_or(&compact);
    if body.chars().count() != LENGTH {
        return None;
    }
    let mut out = String::from(PREFIX);
    for c in body.chars() {
        let c = match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// A token to put in a hidden field of a referral form when the form is
/// shown. Submitting the form twice (double click, back button, a retry
/// after a timeout) sends the same token, and the second submission finds
/// the first referral instead of making another.
pub fn new_form_token() -> Result<String, ReferralError> {
    Ok(random_bytes::<16>()?.iter().map(|b| format!("{b:02x}")).collect())
}

/// Tokens we issue are 32 hex digits; anything else did not come from our
/// form.
pub fn check_form_token(token: &str) -> Result<&str, ReferralError> {
    let t = token.trim();
    if t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(t)
    } else {
        Err(ReferralError::invalid(
            "form_token",
            "This form has expired. Check your answers and send it again",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_readable_and_read_back() {
        for _ in 0..200 {
            let r = new_reference().unwrap();
            assert_eq!(r.len(), 8);
            assert!(r.starts_with("KC-"));
            assert!(!r[3..].contains(['I', 'L', 'O', 'U']), "{r}");
            assert_eq!(parse_reference(&r).as_deref(), Some(r.as_str()));
        }
        assert_eq!(parse_reference(" kc 7f3k9 ").as_deref(), Some("KC-7F3K9"));
        assert_eq!(parse_reference("7F3KO").as_deref(), Some("KC-7F3K0"));
        assert_eq!(parse_reference("KC-7F3KU"), None);
        assert_eq!(parse_reference("KC-7F3K"), None);
    }

    #[test]
    fn form_tokens_are_checked() {
        let t = new_form_token().unwrap();
        assert_eq!(check_form_token(&t).unwrap(), t);
        assert_ne!(t, new_form_token().unwrap());
        assert!(check_form_token("").is_err());
        assert!(check_form_token("x'; drop table referrals; --").is_err());
    }
}
