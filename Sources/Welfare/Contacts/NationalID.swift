import BeID
import Lino
import Foundation

/// Belgian national register numbers (NISS/INSZ): `YYMMDD SSS CC`, check digits
/// `97 - (N mod 97)` where N is `YYMMDDSSS`, or `2YYMMDDSSS` for births from 2000.
public enum NationalID {
    /// The 11 digits of a number typed with any separators, or nil.
    public static func digits(_ text: String) -> String? {
        var kept: [UInt8] = []
        kept.reserveCapacity(11)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): kept.append(b)
            case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "/"): continue
            default: return nil
            }
        }
        return kept.count == 11 ? String(decoding: kept, as: UTF8.self) : nil
    }

    /// Whether the check digits match, for a birth before or from 2000.
    public static func isValid(_ text: String) -> Bool { century(text) != nil }

    /// 1900 or 2000 according to which variant's check digits match; nil when none does.
    public static func century(_ text: String) -> Int? {
        digits(text).flatMap(BelgianChecksums.nationalNumberCentury)
    }

    /// Formats as Lino stores it: `850730 033-28`, with `=` for births from 2000 (`030214=004-70`).
    public static func formatted(_ text: String) -> String? {
        guard let d = digits(text), let c = century(text) else { return nil }
        let s = Array(d)
        return String(s[0..<6]) + (c == 2000 ? "=" : " ") + String(s[6..<9]) + "-" + String(s[9..<11])
    }

    /// Builds a valid number from a birth date and a sequence (odd for men, even for women).
    public static func make(year: Int, month: Int, day: Int, sequence: Int) -> String {
        let base = ((year % 100) * 10_000 + month * 100 + day) * 1000 + sequence
        let check = BelgianChecksums.nationalNumberCheck(base, bornFrom2000: year >= 2000)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let digits = pad(base, 9)
        return String(digits.prefix(6)) + (year >= 2000 ? "=" : " ") + String(digits.suffix(3)) + "-" + pad(check, 2)
    }

    /// The message for an invalid number, or nil when valid.
    public static func problem(_ text: String) -> String? {
        guard let d = digits(text) else { return "A national register number has 11 digits (YYMMDD SSS-CC)." }
        guard let century = century(text) else { return "Invalid national register number: the check digits do not match." }
        return hasBirthDate(d, century: century) ? nil : "Invalid national register number: it does not start with a birth date."
    }

    /// Whether `YYMMDD` can be a birth date: month and day 00 when unknown, a bis number's
    /// month raised by 20 or 40 (foreigners without a national number), no 30 February.
    static func hasBirthDate(_ digits: String, century: Int) -> Bool {
        let n = digits.utf8.prefix(6).map { Int($0) - 48 }
        let year = century + n[0] * 10 + n[1], day = n[4] * 10 + n[5]
        var month = n[2] * 10 + n[3]
        if month >= 40 { month -= 40 } else if month >= 20 { month -= 20 }
        guard month <= 12 else { return false }
        return month == 0 ? day <= 31 : day <= ISODates.daysIn(month: month, year: year)
    }
}
