import Foundation

/// A field value as the framework handles it, independent of the database.
///
/// Dates, times and datetimes travel as ISO text (`"1985-07-30"`, `"08:15"`,
/// `"2026-11-29 08:15:00"`); decimals are exact.
public enum Value: Sendable, Hashable {
    case null
    case int(Int64)
    case text(String)
    case bool(Bool)
    case decimal(Decimal)
    case blob([UInt8])

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// A short exact text of the value, for cache keys (cheap: no reflection as in "\(value)").
    public var keyText: String {
        switch self {
        case .null: return "n"
        case .int(let i): return "i" + String(i)
        case .text(let s): return "t" + s
        case .bool(let b): return b ? "b1" : "b0"
        case .decimal(let d): return "d" + d.plainString
        case .blob(let b): return "x" + b.map { String($0, radix: 16) }.joined(separator: ".")
        }
    }

    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .text(let s): return Int64(s)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var stringValue: String? {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .decimal(let d): return d.plainString
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    public var boolValue: Bool {
        switch self {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .text(let s): return s == "t" || s == "true" || s == "1"
        default: return false
        }
    }

    /// Empty strings count as "no value" for required checks.
    public var isBlank: Bool {
        switch self {
        case .null: return true
        case .text(let s): return s.trimmingCharacters(in: .whitespaces).isEmpty
        default: return false
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension Decimal {
    /// The value written with a dot and no grouping, e.g. `1200.5`, for the wire and the store.
    public var plainString: String {
        var copy = self
        return NSDecimalString(&copy, Locale(identifier: "en_US_POSIX"))
    }

    /// Parses `"1200.50"` (a dot as separator), nil on anything else.
    public init?(exactString s: String) {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              let d = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self = d
    }

    /// The value scaled to an integer of minor units (cents for scale 2), as stored.
    public func scaled(_ scale: Int) -> Int64? {
        var v = self * pow(Decimal(10), scale)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 0, .plain)
        // More decimals than the field allows, or beyond what 64 bits hold.
        guard rounded == v, abs(rounded) < Decimal(Int64.max / 10) else { return nil }
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// Builds a decimal from stored minor units.
    public init(minorUnits: Int64, scale: Int) {
        self = Decimal(minorUnits) / pow(Decimal(10), scale)
    }
}
