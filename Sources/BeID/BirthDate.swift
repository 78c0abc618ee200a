import Foundation

/// Birth dates as printed on cards (protocols.md A3): `30 JUIN 1967` (FR),
/// `14 MAAR 1985` (NL), `14.MÄR.1985` (DE), `01.JUN. 1968`; a blank day or
/// month means unknown. The result is an ISO date where an unknown day or
/// month is `00` (an incomplete date).
public enum CardBirthDate {
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String { "unreadable birth date \"\(text)\"" }
    }

    /// Month tokens of the three languages, folded (upper case, no accents),
    /// plus spellings met on real cards and in Lino's data.
    static let months: [String: Int] = [
        "JAN": 1, "JANV": 1,
        "FEV": 2, "FEB": 2, "FEBR": 2,
        "MARS": 3, "MAAR": 3, "MAART": 3, "MAR": 3, "MARZ": 3, "MRT": 3,
        "AVR": 4, "AVRIL": 4, "APR": 4, "APRIL": 4,
        "MAI": 5, "MEI": 5, "MAY": 5,
        "JUIN": 6, "JUN": 6, "JUNI": 6,
        "JUIL": 7, "JUL": 7, "JULI": 7,
        "AOUT": 8, "AUG": 8,
        "SEPT": 9, "SEP": 9,
        "OCT": 10, "OKT": 10,
        "NOV": 11,
        "DEC": 12, "DEZ": 12,
    ]

    public static func parse(_ text: String) throws -> String {
        // The Cyrillic Ӓ of some sample cards stands for the German Ä.
        let latin = text.replacingOccurrences(of: "\u{04D2}", with: "A").replacingOccurrences(of: "\u{04D3}", with: "a")
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased()
        let tokens = folded.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "\u{00A0}" }).map(String.init)
        func fail() -> ParseError { ParseError(text: text) }
        guard let yearToken = tokens.last, yearToken.count == 4, let year = Int(yearToken), year > 0 else { throw fail() }
        var day = 0, month = 0
        switch tokens.count {
        case 1: break  // only the year is known
        case 2:
            // Day or month blank: a month token, or a lone day number (month unknown).
            if let m = monthNumber(tokens[0]) { month = m } else if Int(tokens[0]) == nil { throw fail() }
        case 3:
            guard let d = Int(tokens[0]), (0...31).contains(d) else { throw fail() }
            day = d
            month = try monthNumber(tokens[1]) ?? { throw fail() }()
        default: throw fail()
        }
        if month == 0 { day = 0 }  // a day without its month means nothing
        if day > 0 {
            let daysInMonth = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            guard day <= daysInMonth else { throw fail() }
        }
        return "\(yearToken)-\(two(month))-\(two(day))"
    }

    /// A month token, or a number 0-12 (some cards print digits); nil when unknown.
    static func monthNumber(_ token: String) -> Int? {
        if let n = Int(token) { return (0...12).contains(n) ? n : nil }
        return months[token]
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `DD.MM.YYYY` (validity dates) to `YYYY-MM-DD`; nil when malformed.
    public static func parseNumeric(_ text: String) -> String? {
        let p = text.split(separator: ".")
        guard p.count == 3, p[0].count == 2, p[1].count == 2, p[2].count == 4,
              let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), (1...12).contains(m), (1...31).contains(d), y > 0 else { return nil }
        return "\(p[2])-\(p[1])-\(p[0])"
    }
}
