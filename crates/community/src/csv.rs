//! CSV for organisers' exports, safe to open in a spreadsheet.

/// One CSV line (with its CRLF) from `cells`. A cell that a spreadsheet
/// would run as a formula (starting `=`, `+`, `-`, `@`, tab or carriage
/// return) gets a leading `'`, so a name like `=HYPERLINK(…)` typed by a
/// member shows as text; cells with commas, quotes or line breaks are
/// quoted.
pub fn line(cells: &[&str]) -> String {
    let mut out = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn formulas_are_defused_and_separators_quoted() {
        assert_eq!(line(&["Ann", "going"]), "Ann,going\r\n");
        assert_eq!(line(&["=1+2", "+x", "-y", "@SUM(A1)"]), "'=1+2,'+x,'-y,'@SUM(A1)\r\n");
        assert_eq!(
            line(&["a,b", "say \"hi\"", "two\nlines"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(line(&["=A1,B1"]), "\"'=A1,B1\"\r\n");
        assert_eq!(line(&["\tx"]), "'\tx\r\n");
    }
}
