/// Reads transparent files of the Belpic applet (protocols.md A2).
public struct BelpicFileReader {
    /// Bytes per READ BINARY. 248 (F8) as eid-mw on macOS; 6Cxx and 6B00 end the file.
    public static let chunk: UInt8 = 0xF8
    /// Real files are at most a few KB (the photo: about 3 KB); more means a broken card.
    public static let maximumFileSize = 65_536

    public let channel: CardChannel

    public init(_ transport: CardTransport) { channel = CardChannel(transport) }

    public func selectApplet() throws {
        let r = try channel.send(.selectApplication(BelpicFile.appletAID))
        guard r.isSuccess else { throw CardError.unreadable("not a Belgian eID card (SELECT answered \(hex(r.status)))") }
    }

    /// Selects a file by absolute path and reads it whole.
    public func read(_ file: BelpicFile) throws -> [UInt8] {
        let s = try channel.send(.selectPath(file.path))
        guard s.isSuccess else { throw CardError.unreadable("cannot select \(file.rawValue) (\(hex(s.status)))") }
        var content: [UInt8] = []
        while true {
            let r = try channel.send(.readBinary(offset: content.count, length: Self.chunk))
            switch r.status {
            case 0x9000:
                content += r.data
                // A short answer is the end of the file.
                if r.data.count < Int(Self.chunk) { return content }
            case 0x6B00 where !content.isEmpty:
                // Past the end: the file size is a multiple of the chunk.
                return content
            default:
                throw CardError.unreadable("reading \(file.rawValue) at \(content.count) answered \(hex(r.status))")
            }
            guard content.count < Self.maximumFileSize else { throw CardError.unreadable("\(file.rawValue) is too large") }
        }
    }

    /// Every file the server needs to verify and merge a card.
    public func readAll() throws -> CardFiles {
        try selectApplet()
        var files: [BelpicFile: [UInt8]] = [:]
        for f in BelpicFile.allCases { files[f] = try read(f) }
        return CardFiles(files)
    }
}

/// The raw files of one card, as read.
public struct CardFiles: Sendable, Equatable {
    public var files: [BelpicFile: [UInt8]]

    public init(_ files: [BelpicFile: [UInt8]]) { self.files = files }

    public subscript(_ f: BelpicFile) -> [UInt8] { files[f] ?? [] }
}
