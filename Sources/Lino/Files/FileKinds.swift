/// The kinds of files a file field may hold, recognised by their first bytes,
/// never by their name or by what the browser says (a renamed file stays what it is).
public enum FileKind: String, Sendable, CaseIterable {
    case pdf = "application/pdf"
    case jpeg = "image/jpeg"
    case png = "image/png"
    case gif = "image/gif"
    case tiff = "image/tiff"
    case webp = "image/webp"

    /// Scanned documents: PDF and the usual image formats.
    public static let scans: [FileKind] = [.pdf, .jpeg, .png, .gif, .tiff, .webp]

    /// The kind of these bytes, or nil when they are none of the known kinds.
    public static func sniff(_ b: [UInt8]) -> FileKind? {
        func starts(_ p: [UInt8]) -> Bool { b.count >= p.count && Array(b.prefix(p.count)) == p }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if b.count >= 12, starts(Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }
}
