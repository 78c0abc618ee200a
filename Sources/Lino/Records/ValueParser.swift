import Foundation

/// Turns a wire value of the JSON API into a field value, or an English
/// message saying what is wrong with it.
public enum ValueParser {
    public enum Outcome {
        case value(Value)
        /// An English message id and the values of its `{placeholders}`.
        case invalid(String, [String: String] = [:])
    }

    public static func parse(_ json: JSON, field: Field, languages: [String]) -> Outcome {
        if json.isNull { return .value(.null) }
        if case .string(let s) = json, ControlCharacters.contains(s, multiLine: field.isMultiLine) {
            return .invalid("This text contains control characters.")
        }
        switch field.kind {
        case .char(let max), .babel(let max):
            guard let s = text(json) else { return .invalid("Expected text.") }
            let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > max { return .invalid("At most {n} characters.", ["n": String(max)]) }
            return .value(trimmed.isEmpty ? .null : .text(trimmed))
        case .text:
            guard let s = text(json) else { return .invalid("Expected text.") }
            return .value(s.isEmpty ? .null : .text(s))
        case .richText:
            guard let s = text(json) else { return .invalid("Expected text.") }
            let clean = HTMLSanitizer.sanitize(s)
            return .value(clean.isEmpty ? .null : .text(clean))
        case .email:
            guard let s = text(json)?.trimmingCharacters(in: .whitespaces) else { return .invalid("Expected text.") }
            if s.isEmpty { return .value(.null) }
            return isEmail(s) ? .value(.text(s)) : .invalid("Invalid e-mail address.")
        case .url:
            guard let s = text(json)?.trimmingCharacters(in: .whitespaces) else { return .invalid("Expected text.") }
            if s.isEmpty { return .value(.null) }
            let lower = s.lowercased()
            return lower.hasPrefix("http://") || lower.hasPrefix("https://") ? .value(.text(s)) : .invalid("A web address starts with http:// or https://.")
        case .int:
            if let i = json.intValue { return .value(.int(i)) }
            if case .string(let s) = json, s.trimmingCharacters(in: .whitespaces).isEmpty { return .value(.null) }
            return .invalid("Expected a whole number.")
        case .decimal(let scale):
            let s: String
            switch json {
            case .string(let t): s = t
            case .int(let i): s = String(i)
            case .double(let d): s = String(d)
            default: return .invalid("Expected a number.")
            }
            if s.trimmingCharacters(in: .whitespaces).isEmpty { return .value(.null) }
            guard let d = Decimal(exactString: s) else { return .invalid("Expected a number.") }
            guard d.scaled(scale) != nil else { return .invalid("At most {n} decimals.", ["n": String(scale)]) }
            return .value(.decimal(d))
        case .bool:
            if case .bool(let b) = json { return .value(.bool(b)) }
            return .invalid("Expected yes or no.")
        case .date(let incomplete):
            guard let s = json.stringValue else { return .invalid("Invalid date.") }
            if s.isEmpty { return .value(.null) }
            if ISODates.isValidDate(s, incomplete: incomplete) { return .value(.text(s)) }
            // Say what is wrong with a well-formed date that does not exist (31.02.1990).
            if let (y, m, d) = ISODates.ymd(s) {
                if !(1...12).contains(m) && !(incomplete && m == 0) { return .invalid("Month {month} does not exist.", ["month": String(m)]) }
                let shown = "\(d < 10 ? "0" : "")\(d).\(m < 10 ? "0" : "")\(m).\(y)"
                return .invalid("{date} does not exist.", ["date": shown])
            }
            return .invalid("Invalid date.")
        case .datetime:
            guard let s = json.stringValue else { return .invalid("Invalid date and time.") }
            if s.isEmpty { return .value(.null) }
            return ISODates.normalDateTime(s).map { .value(.text($0)) } ?? .invalid("Invalid date and time.")
        case .time:
            guard let s = json.stringValue else { return .invalid("Invalid time.") }
            if s.isEmpty { return .value(.null) }
            return ISODates.normalTime(s).map { .value(.text($0)) } ?? .invalid("Invalid time.")
        case .foreignKey:
            if case .object(let o) = json, let id = o["id"] { return parse(id, field: field, languages: languages) }
            if let i = json.intValue { return .value(.int(i)) }
            if case .string(let s) = json { return .value(s.isEmpty ? .null : .text(s)) }
            return .invalid("Invalid reference.")
        case .choice(let list):
            let raw: String?
            if case .object(let o) = json { raw = o["id"]?.stringValue } else { raw = text(json) }
            guard let v = raw else { return .invalid("Invalid choice.") }
            if v.isEmpty { return .value(.null) }
            return list.choice(v) != nil ? .value(.text(v)) : .invalid("Invalid choice.")
        case .secret:
            guard let s = json.stringValue, s.count <= 1000 else { return .invalid("Expected text.") }
            return .value(s.isEmpty ? .null : .text(s))
        case .passwordHash, .image, .file:
            return .invalid("This field cannot be changed here.")
        }
    }

    private static func text(_ json: JSON) -> String? {
        switch json {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        default: return nil
        }
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !s.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else { return false }
        return true
    }
}
