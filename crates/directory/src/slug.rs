//! Readable, shareable addresses: "Brixton Pottery Club" → `brixton-pottery-club`.

/// Lower-case ASCII letters and digits joined by single hyphens. Accents are
/// folded for the common Latin letters so names like "Café" keep their word.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let folded = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ö' | 'Ó' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' => 'n',
            '&' => {
                if !out.is_empty() {
                    out.push_str("-and");
                    pending_dash = true;
                }
                continue;
            }
            '\'' | '’' => continue,
            other => other,
        };
        if folded.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(folded.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        "listing".to_owned()
    } else {
        out
    }
}

/// True for strings `slugify` could have produced; anything else in an
/// address is answered with 404 without touching the database.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(slugify("Brixton Pottery Club"), "brixton-pottery-club");
        assert_eq!(slugify("Arts & crafts"), "arts-and-crafts");
        assert_eq!(slugify("Men's Shed — Café"), "mens-shed-cafe");
        assert_eq!(slugify("  "), "listing");
    }

    proptest! {
        #[test]
        fn slugs_are_always_valid(s in ".{0,80}") {
            prop_assert!(is_slug(&slugify(&s)));
        }
    }
}
