/// Reads transparent files of the Belpic applet (protocols.md A2).
public struct BelpicFileReader {
    /// Bytes per READ BINARY. 248 (F8) as eid-mw on macOS; 6Cxx and 6B00 end the file.
    public static let chunk: UInt8 = 0xF8
    /// Real files are at most a few KB (the photo: about 3 KB); more means a broken card.
    public static let maximumFileSize = 65_536

    public let channel: CardChannel

    public init(_ transport: CardTransport) { channel = CardChannel(transport) }

    public func selectApplet() throws {
        var r = try channel.send(.selectApplication(BelpicFile.appletAID))
        if !r.isSuccess {
            // Some cards and emulators only know the PKCS#15 application of DF00.
            r = try channel.send(.selectApplication(BelpicFile.pkcs15AID))
        }
        guard r.isSuccess else { throw CardError.unreadable("not a Belgian eID card (SELECT answered \(hex(r.status)))") }
    }

    /// Selects a file by absolute path and reads it whole.
    public func read(_ file: BelpicFile) throws -> [UInt8] {
        var s = try channel.send(.selectPath(file.path))
        if s.status == 0x6A82 || s.status == 0x6A86 {
            // The spec writes the path without the MF (DF01 4031); the official
            // middleware sends it with 3F00. Cards accept one or both.
            s = try channel.send(.selectPath(Array(file.path.dropFirst(2))))
        }
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
