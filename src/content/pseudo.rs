//! The pseudo-locale `en-XA`: English with every ASCII letter accented and each text about 30% longer, so
//! that a layout which clips, overflows or hard-codes English shows it before a real translation arrives.
//! It is applied to Fluent's text elements only, so placeables, numbers and arguments stay intact.

use std::borrow::Cow;

/// How much longer pseudo-localised text is than its source.
pub const GROWTH: f64 = 0.3;

fn accent(c: char) -> char {
    const LOWER: &str = "àƀçđéƒĝĥîĵķĺɱñöþǫŕšŧûṽŵẋýž";
    const UPPER: &str = "ÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŦÛṼŴẊÝŽ";
    match c {
        'a'..='z' => LOWER.chars().nth(c as usize - 'a' as usize).unwrap_or(c),
        'A'..='Z' => UPPER.chars().nth(c as usize - 'A' as usize).unwrap_or(c),
        _ => c,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Accents letters and lengthens a text by [`GROWTH`]: vowels are doubled from the start until the text is
/// long enough, and a text with too few vowels is padded with `~`. Whitespace-only text is left alone.
pub fn transform(text: &str) -> Cow<'_, str> {
    if text.trim().is_empty() {
        return Cow::Borrowed(text);
    }
    let length = text.chars().count();
    let wanted = (length as f64 * GROWTH).ceil() as usize;
    let mut extra = 0;
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        let a = accent(c);
        out.push(a);
        if extra < wanted && is_vowel(c) {
            out.push(a);
            extra += 1;
        }
    }
    if extra < wanted {
        // Padding goes before trailing whitespace, which Fluent uses to join text and placeables.
        let trimmed = out.trim_end().len();
        let tail = out.split_off(trimmed);
        out.extend(std::iter::repeat_n('~', wanted - extra));
        out.push_str(&tail);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_and_thirty_percent_longer() {
        for text in [
            "Report a concern",
            "Sign in",
            "Nothing here yet.",
            "XYZ",
            "Hello ",
        ] {
            let out = transform(text);
            let (a, b) = (text.chars().count() as f64, out.chars().count() as f64);
            assert!(b >= a * 1.3 && b <= a * 1.3 + 1.0, "{text:?} → {out:?}");
            assert!(!out.chars().any(|c| c.is_ascii_alphabetic()), "{out:?}");
        }
        assert_eq!(transform("Sign in"), "Šîîĝñ îîñ~");
        assert!(transform("Hello ").ends_with(' '));
        assert_eq!(transform("  "), "  ");
    }
}
