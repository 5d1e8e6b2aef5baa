//! What people write, shown as plain text: escaped, with their paragraphs
//! and line breaks kept and web addresses made into links. No markup from
//! users ever reaches a page: every piece goes through maud's escaping,
//! and links get `rel="nofollow ugc noopener"` so posting one earns
//! nothing and the linked page cannot reach back into ours.

use maud::{html, Markup};

/// One run of a line: text, or a web address to link.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Characters that end a web address: what cannot be in one unescaped,
/// and quotes, which people put around them.
fn ends_address(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '{' | '}' | '|' | '\\' | '^')
}

/// Splits a line into text and `http://` / `https://` addresses. Trailing
/// punctuation (a full stop ending the sentence, a closing bracket with no
/// opening one in the address) stays text.
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = find_scheme(rest) {
        let candidate = &rest[at..];
        let mut end = candidate.find(ends_address).unwrap_or(candidate.len());
        // Trim punctuation that more likely ends the sentence.
        while let Some(last) = candidate[..end].chars().next_back() {
            let unbalanced =
                last == ')' && candidate[..end].matches('(').count() < candidate[..end].matches(')').count();
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ']') || unbalanced {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        let address = &candidate[..end];
        let scheme_len = if address.len() >= 8 && address[..8].eq_ignore_ascii_case("https://") {
            8
        } else {
            7
        };
        if address.len() > scheme_len {
            if at > 0 {
                out.push(Piece::Text(&rest[..at]));
            }
            out.push(Piece::Link(address));
            rest = &candidate[end..];
        } else {
            // A scheme with no host: text, and look further on.
            let skip = at + scheme_len;
            out.push(Piece::Text(&rest[..skip]));
            rest = &rest[skip..];
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Where the next `http://` or `https://` starts (any case), at the start
/// of the line or after something that is not part of a word, so
/// `xhttp://` is not a link.
fn find_scheme(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("http").map(|i| i + from) {
        let tail = &lower[i..];
        let starts = tail.starts_with("http://") || tail.starts_with("https://");
        let boundary = s[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if starts && boundary {
            return Some(i);
        }
        from = i + 4;
    }
    None
}

/// `text` as HTML: paragraphs (split at blank lines), line breaks within
/// them, links for web addresses, everything else escaped.
pub fn user_text(text: &str) -> Markup {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let paragraphs: Vec<&str> = normalised
        .split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.trim().is_empty())
        .collect();
    html! {
        @for p in paragraphs {
            p class="kith-body kith-user-text" {
                @for (i, line) in p.split('\n').enumerate() {
                    @if i > 0 { br; }
                    @for piece in pieces(line) {
                        @match piece {
                            Piece::Text(t) => (t),
                            Piece::Link(href) => a href=(href) rel="nofollow ugc noopener" { (href) },
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn render(s: &str) -> String {
        user_text(s).into_string()
    }

    #[test]
    fn text_is_escaped_and_line_breaks_kept() {
        assert_eq!(
            render("Hello <b>you</b> & me\nsecond line\n\nnew paragraph"),
            "<p class=\"kith-body kith-user-text\">Hello &lt;b&gt;you&lt;/b&gt; &amp; me<br>second line</p>\
             <p class=\"kith-body kith-user-text\">new paragraph</p>"
        );
        assert_eq!(render("a\r\nb"), "<p class=\"kith-body kith-user-text\">a<br>b</p>");
        assert_eq!(render("  \n\n \n"), "");
    }

    #[test]
    fn web_addresses_become_links_without_their_punctuation() {
        assert_eq!(
            render("See https://example.org/a?b=1&c=2. Thanks"),
            "<p class=\"kith-body kith-user-text\">See <a href=\"https://example.org/a?b=1&amp;c=2\" \
             rel=\"nofollow ugc noopener\">https://example.org/a?b=1&amp;c=2</a>. Thanks</p>"
        );
        assert_eq!(
            pieces("(see http://en.wikipedia.org/wiki/Walk_(sport)), ok"),
            vec![
                Piece::Text("(see "),
                Piece::Link("http://en.wikipedia.org/wiki/Walk_(sport)"),
                Piece::Text("), ok")
            ]
        );
        assert_eq!(pieces("HTTPS://X.ORG"), vec![Piece::Link("HTTPS://X.ORG")]);
        assert_eq!(
            pieces("\"http://a.org\""),
            vec![Piece::Text("\""), Piece::Link("http://a.org"), Piece::Text("\"")]
        );
    }

    #[test]
    fn other_schemes_and_bare_schemes_stay_text() {
        for s in [
            "javascript:alert(1)",
            "http://",
            "https://.",
            "xhttp://a.org",
            "ftp://a.org",
            "data:text/html,<script>",
        ] {
            assert!(
                pieces(s).iter().all(|p| matches!(p, Piece::Text(_))),
                "{s}: {:?}",
                pieces(s)
            );
        }
        assert!(!render("<a href=\"javascript:alert(1)\">x</a>").contains("<a "));
        assert_eq!(
            pieces("http://<script>"),
            vec![Piece::Text("http://"), Piece::Text("<script>")]
        );
    }

    /// Every `<` in the output starts one of the tags this module writes.
    fn only_our_tags(html: &str) -> bool {
        html.match_indices('<').all(|(i, _)| {
            let t = &html[i..];
            t.starts_with("<p class=\"kith-body kith-user-text\">")
                || t.starts_with("</p>")
                || t.starts_with("<br>")
                || t.starts_with("<a href=\"http")
                || t.starts_with("</a>")
        })
    }

    /// The text a browser would show: tags dropped, entities decoded.
    fn shown(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    proptest! {
        #[test]
        fn no_input_panics_or_leaves_a_tag_of_its_own(s in "\\PC{0,200}") {
            let html = render(&s);
            prop_assert!(only_our_tags(&html), "{html}");
        }

        #[test]
        fn markup_and_addresses_mixed_stay_inert(parts in proptest::collection::vec(
            prop_oneof![
                Just("<script>".to_owned()), Just("\"".to_owned()), Just("'".to_owned()), Just("&".to_owned()),
                Just("http://".to_owned()), Just("https://a.org/".to_owned()), Just("\n".to_owned()),
                Just(" ".to_owned()), Just(")".to_owned()), Just(".".to_owned()), "[a-z<>=/]{0,5}",
            ], 0..30)) {
            let s = parts.concat();
            let html = render(&s);
            prop_assert!(only_our_tags(&html), "{html}");
            // Nothing typed is lost apart from the line breaks.
            let typed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let seen: String = shown(&html).chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert_eq!(seen, typed);
        }
    }
}
