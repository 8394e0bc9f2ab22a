//! Numbers written the way each language writes them: decimal and grouping separators and digits from CLDR
//! (`12 345,6` in Lithuanian, `12,345.6` in English), for Fluent's numbers (`NUMBER($x)` and plain `{ $x }`)
//! and for the numbers templates print in tables (the `num` filter).
//!
//! Only what Beacon's locales need: the Latin digits with each locale's separators and minimum grouping, and
//! the Arabic-Indic digits Arabic uses by default. A locale CLDR data is not listed for is written as English.

use fluent_bundle::FluentValue;
use fluent_bundle::memoizer::MemoizerKind;
use unic_langid::LanguageIdentifier;

/// How a locale writes a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    decimal: &'static str,
    group: &'static str,
    /// Digits before the first group separator is used (CLDR's `minimumGroupingDigits` + 3): Polish writes
    /// 1000 but 10 000.
    min_grouped: usize,
    /// The digits 0 to 9.
    digits: [char; 10],
}

const LATIN: [char; 10] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const ARABIC_INDIC: [char; 10] = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

impl NumberFormat {
    /// The format of a locale code (`lt`, `pt-BR`…): by its language.
    pub fn for_locale(code: &str) -> Self {
        let language = code.split(['-', '_']).next().unwrap_or(code);
        let (decimal, group, min_grouping, digits) = match language {
            // CLDR 45 numbers: symbols of the default numbering system, minimumGroupingDigits.
            "lt" => (",", "\u{a0}", 1, LATIN),
            "pl" => (",", "\u{a0}", 2, LATIN),
            "bg" => (",", "\u{a0}", 2, LATIN),
            "ro" => (",", ".", 1, LATIN),
            "ar" => ("٫", "٬", 1, ARABIC_INDIC),
            _ => (".", ",", 1, LATIN),
        };
        Self {
            decimal,
            group,
            min_grouped: min_grouping + 3,
            digits,
        }
    }

    /// Writes `value` with `min_fraction..=max_fraction` decimals (trailing zeros past the minimum dropped),
    /// grouped when `grouping`.
    pub fn format(
        &self,
        value: f64,
        min_fraction: usize,
        max_fraction: usize,
        grouping: bool,
    ) -> String {
        if !value.is_finite() {
            return if value.is_nan() {
                "NaN".into()
            } else if value > 0.0 {
                "∞".into()
            } else {
                "-∞".into()
            };
        }
        let max_fraction = max_fraction.max(min_fraction).min(20);
        let fixed = format!("{:.*}", max_fraction, value.abs());
        let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let mut frac = frac.trim_end_matches('0').to_string();
        while frac.len() < min_fraction {
            frac.push('0');
        }
        let negative = value < 0.0 && (int.bytes().any(|b| b != b'0') || !frac.is_empty());
        self.write(negative, int, &frac, grouping)
    }

    /// Rewrites a number already written the English way (`-1234.5`) in this locale; text that is not such a
    /// number is returned as it is.
    pub fn localise(&self, plain: &str) -> String {
        let (negative, rest) = match plain.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, plain),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (rest.contains('.') && frac.is_empty())
        {
            return plain.to_string();
        }
        self.write(negative, int, frac, true)
    }

    fn write(&self, negative: bool, int: &str, frac: &str, grouping: bool) -> String {
        let mut out = String::with_capacity(int.len() + frac.len() + 8);
        if negative {
            out.push('-');
        }
        let group = grouping && int.len() >= self.min_grouped;
        for (i, c) in int.chars().enumerate() {
            if group && i > 0 && (int.len() - i).is_multiple_of(3) {
                out.push_str(self.group);
            }
            out.push(self.digit(c));
        }
        if !frac.is_empty() {
            out.push_str(self.decimal);
            out.extend(frac.chars().map(|c| self.digit(c)));
        }
        out
    }

    fn digit(&self, c: char) -> char {
        c.to_digit(10).map_or(c, |d| self.digits[d as usize])
    }
}

impl intl_memoizer::Memoizable for NumberFormat {
    type Args = ();
    type Error = std::convert::Infallible;

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, Self::Error> {
        Ok(Self::for_locale(&lang.to_string()))
    }
}

/// Fluent's formatter for numbers (`FluentBundle::set_formatter`): the bundle's locale's separators, and
/// `minimumFractionDigits`/`maximumFractionDigits` as given (without a maximum, up to 3 decimals, as
/// `Intl.NumberFormat` does).
pub fn fluent_formatter<M: MemoizerKind>(value: &FluentValue, memoizer: &M) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let min = n.options.minimum_fraction_digits.unwrap_or(0);
    let max = n.options.maximum_fraction_digits.unwrap_or(3.max(min));
    memoizer
        .with_try_get_threadsafe::<NumberFormat, _, _>((), |f| {
            f.format(n.value, min, max, n.options.use_grouping)
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_locale_writes_numbers_its_own_way() {
        let en = NumberFormat::for_locale("en");
        let lt = NumberFormat::for_locale("lt");
        let pl = NumberFormat::for_locale("pl");
        let ar = NumberFormat::for_locale("ar");
        assert_eq!(en.format(1234567.891, 0, 2, true), "1,234,567.89");
        assert_eq!(lt.format(1234567.891, 0, 2, true), "1\u{a0}234\u{a0}567,89");
        assert_eq!(lt.format(12.5, 1, 1, true), "12,5");
        assert_eq!(lt.format(3.0, 1, 3, true), "3,0");
        assert_eq!(pl.format(1234.0, 0, 0, true), "1234");
        assert_eq!(pl.format(12345.0, 0, 0, true), "12\u{a0}345");
        assert_eq!(ar.format(-1234.5, 0, 1, true), "-١٬٢٣٤٫٥");
        assert_eq!(en.format(-0.0001, 0, 2, true), "0");
        assert_eq!(en.format(1234.0, 0, 0, false), "1234");
        assert_eq!(
            NumberFormat::for_locale("en-XA").format(0.5, 0, 3, true),
            "0.5"
        );
    }

    #[test]
    fn english_numbers_are_rewritten_and_other_text_left_alone() {
        let lt = NumberFormat::for_locale("lt");
        assert_eq!(lt.localise("-1234.50"), "-1\u{a0}234,50");
        assert_eq!(lt.localise("7"), "7");
        for text in ["", "–", "1.2.3", "12a", "1.", "n/a"] {
            assert_eq!(lt.localise(text), text);
        }
    }
}
