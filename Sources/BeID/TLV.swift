/// The tag-length-value encoding of the identity and address files
/// (protocols.md A3): one byte of tag, one byte of length, the value.
public enum TLV {
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case truncated(tag: UInt8, at: Int)
        case lengthTooLong(tag: UInt8)

        public var description: String {
            switch self {
            case .empty: return "the file is empty"
            case .truncated(let tag, let at): return "field \(hex([tag])) at byte \(at) runs past the end of the file"
            case .lengthTooLong(let tag): return "field \(hex([tag])) has a length of 128 or more"
            }
        }
    }

    /// Fields by tag. Files are zero-padded: a 00 tag after the first field
    /// ends them. A tag seen twice keeps its first value.
    public static func parse(_ bytes: [UInt8]) throws -> [UInt8: [UInt8]] {
        guard !bytes.isEmpty, bytes.contains(where: { $0 != 0 }) else { throw ParseError.empty }
        var fields: [UInt8: [UInt8]] = [:]
        var i = 0
        while i < bytes.count {
            let tag = bytes[i]
            if tag == 0 && i > 0 { break }
            guard i + 1 < bytes.count else { throw ParseError.truncated(tag: tag, at: i) }
            let length = Int(bytes[i + 1])
            // Real fields are all shorter than 111 bytes; the two documented
            // encodings of longer lengths disagree, so refuse them.
            guard length < 0x80 else { throw ParseError.lengthTooLong(tag: tag) }
            let start = i + 2
            guard start + length <= bytes.count else { throw ParseError.truncated(tag: tag, at: i) }
            if fields[tag] == nil { fields[tag] = Array(bytes[start ..< start + length]) }
            i = start + length
        }
        return fields
    }
}
