import Foundation

/// A JSON value: what the API reads from request bodies and writes in answers.
///
/// Serialisation is hand-written so that answers are fast to build and their
/// key order is stable (objects keep insertion order).
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public subscript(index: Int) -> JSON? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a }; return nil }
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d): return Int64(exactly: d)
        case .string(let s): return Int64(s)
        default: return nil
        }
    }
    public var isNull: Bool { self == .null }
}

/// A JSON object that keeps its keys in insertion order. API objects are small,
/// so a list of pairs beats hashing every key.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var pairs: [(String, JSON)] = []

    public init() {}
    public init(dictionaryLiteral elements: (String, JSON)...) {
        for (k, v) in elements { self[k] = v }
    }

    public subscript(key: String) -> JSON? {
        get { pairs.first { $0.0 == key }?.1 }
        set {
            let i = pairs.firstIndex { $0.0 == key }
            switch (i, newValue) {
            case (let i?, let v?): pairs[i].1 = v
            case (nil, let v?): pairs.append((key, v))
            case (let i?, nil): pairs.remove(at: i)
            case (nil, nil): break
            }
        }
    }

    /// Adds a key known not to be present yet (no lookup).
    public mutating func append(_ key: String, _ value: JSON) { pairs.append((key, value)) }

    public var keys: [String] { pairs.map(\.0) }
    public var count: Int { pairs.count }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        var o = JSONObject()
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
    public init(nilLiteral: ()) { self = .null }
}

// MARK: - Writing

extension JSON {
    /// The compact JSON text of this value.
    public func serialized() -> String { String(decoding: serializedBytes(), as: UTF8.self) }

    /// The compact JSON text as UTF-8 bytes, ready for a response body.
    public func serializedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out)
        return out
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? String(d) : "null").utf8)
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in o.pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied at once (most text is such a run).
            var run = 0
            var i = 0
            func flush() { if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) } }
            while i < bytes.count {
                let b = bytes[i]
                let escaped: [UInt8]
                switch b {
                case UInt8(ascii: "\""): escaped = [92, 34]
                case UInt8(ascii: "\\"): escaped = [92, 92]
                case 0x0A: escaped = [92, UInt8(ascii: "n")]
                case 0x0D: escaped = [92, UInt8(ascii: "r")]
                case 0x09: escaped = [92, UInt8(ascii: "t")]
                // Escaped so that JSON can never close a <script> or be read as HTML.
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20:
                    escaped = [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    // U+2028 and U+2029 end lines in JavaScript.
                    flush()
                    out.append(contentsOf: [92, UInt8(ascii: "u"), 50, 48, 50, bytes[i + 2] == 0xA8 ? 56 : 57])
                    i += 3
                    run = i
                    continue
                default:
                    i += 1
                    continue
                }
                flush()
                out.append(contentsOf: escaped)
                i += 1
                run = i
            }
            flush()
        }
        out.append(UInt8(ascii: "\""))
    }
}

// MARK: - Reading

extension JSON: Decodable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else if let o = try? c.decode([String: JSON].self) {
            var obj = JSONObject()
            for k in o.keys.sorted() { obj.append(k, o[k]!) }
            self = .object(obj)
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not JSON")
        }
    }

    /// Parses JSON text; nil when it is malformed.
    public static func parse(_ data: Data) -> JSON? {
        try? JSONDecoder().decode(JSON.self, from: data)
    }

    public static func parse(_ text: String) -> JSON? { parse(Data(text.utf8)) }
}
