//! The grammars of the values operators type or their production line writes: dates,
//! firmware versions, 32-byte hashes, yes/no results and IMEIs (with their Luhn check).

use alloy::primitives::B256;

/// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian; Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A date as Unix seconds: `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDTHH:MM:SSZ`, or Unix
/// seconds.
pub(crate) fn date(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse()
            .map_err(|_| format!("date {text:?} is too large"));
    }
    let bad = || format!("date {text:?} is not YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or Unix seconds");
    let (day_part, time_part) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t.strip_suffix('Z').ok_or_else(bad)?)),
        None => (text, None),
    };
    let parts: Vec<&str> = day_part.split('-').collect();
    let [year_text, month_text, day_text] = parts.as_slice() else {
        return Err(bad());
    };
    if year_text.len() != 4 || month_text.len() != 2 || day_text.len() != 2 {
        return Err(bad());
    }
    let (year, month, day): (i64, u32, u32) = (
        year_text.parse().map_err(|_| bad())?,
        month_text.parse().map_err(|_| bad())?,
        day_text.parse().map_err(|_| bad())?,
    );
    if year < 1970 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(format!("date {text:?} does not exist"));
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    if let Some(t) = time_part {
        let hms: Vec<u32> = t
            .split(':')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let [hour, minute, second] = hms.as_slice() else {
            return Err(bad());
        };
        if *hour > 23 || *minute > 59 || *second > 59 {
            return Err(format!("time in {text:?} does not exist"));
        }
        seconds += i64::from(hour * 3600 + minute * 60 + second);
    }
    u64::try_from(seconds).map_err(|_| bad())
}

/// A firmware version `major.minor.patch.build` (each 0 to 65535), or a plain number, as
/// `major << 48 | minor << 32 | patch << 16 | build`.
pub(crate) fn firmware(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if !text.contains('.') {
        return text
            .parse()
            .map_err(|_| format!("firmware {text:?} is not major.minor.patch.build"));
    }
    let parts: Vec<u16> = text
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| {
            format!("firmware {text:?} is not major.minor.patch.build (0 to 65535 each)")
        })?;
    let [a, b, c, d] = parts.as_slice() else {
        return Err(format!("firmware {text:?} is not major.minor.patch.build"));
    };
    Ok(u64::from(*a) << 48 | u64::from(*b) << 32 | u64::from(*c) << 16 | u64::from(*d))
}

/// The text form of a firmware version.
pub(crate) fn firmware_text(version: u64) -> String {
    let part = |shift: u32| (version >> shift) & 0xffff;
    format!("{}.{}.{}.{}", part(48), part(32), part(16), part(0))
}

/// A 32-byte hash in hex (`0x` optional).
pub(crate) fn hash(text: &str) -> Result<B256, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a 32-byte hex hash"))
}

/// A test result: pass / fail (also true / false, yes / no, 1 / 0).
pub(crate) fn passed(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "pass" | "passed" | "true" | "yes" | "1" => Ok(true),
        "fail" | "failed" | "false" | "no" | "0" => Ok(false),
        _ => Err(format!("test result {text:?} is not pass or fail")),
    }
}

/// Whether `digits` ends in its Luhn check digit.
pub(crate) fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        let d = u32::from(c - b'0');
        let d = if i % 2 == 1 { d * 2 } else { d };
        sum += if d > 9 { d - 9 } else { d };
    }
    sum % 10 == 0
}

/// An IMEI: 15 digits with a valid Luhn check digit, or empty / `0` for a device without a
/// modem (0).
pub(crate) fn imei(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() || text == "0" {
        return Ok(0);
    }
    if text.len() != 15 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("IMEI {text:?} is not 15 digits"));
    }
    if !luhn_ok(text) {
        return Err(format!("IMEI {text} fails its Luhn check digit"));
    }
    text.parse()
        .map_err(|_| format!("IMEI {text:?} is not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_versions_and_imeis() {
        assert_eq!(date("1970-01-02").unwrap(), 86_400);
        assert_eq!(date("2024-02-29").unwrap(), 1_709_164_800);
        assert_eq!(date("2024-02-29T01:00:05Z").unwrap(), 1_709_168_405);
        assert_eq!(date("1709164800").unwrap(), 1_709_164_800);
        assert!(date("2023-02-29").is_err());
        assert!(date("2024-13-01").is_err());
        assert!(date("01/02/2024").is_err());
        assert_eq!(firmware("1.4.0.7").unwrap(), 1 << 48 | 4 << 32 | 7);
        assert_eq!(firmware_text(1 << 48 | 4 << 32 | 7), "1.4.0.7");
        assert!(firmware("1.4.0").is_err());
        assert!(firmware("1.4.0.70000").is_err());
        assert_eq!(imei("490154203237518").unwrap(), 490_154_203_237_518);
        assert!(imei("490154203237519").unwrap_err().contains("Luhn"));
        assert!(imei("49015420323751").is_err());
        assert_eq!(imei("").unwrap(), 0);
        assert!(passed("PASS").unwrap());
        assert!(passed("maybe").is_err());
        assert!(hash("0x12").is_err());
    }
}
