import Foundation

/// The card files as the helper sends them to the browser and the browser to
/// the server: `{"files": {"identity": "<base64>", ...}}` (see docs/EID.md).
extension CardFiles {
    public init(base64 wire: [String: String]) throws {
        var files: [BelpicFile: [UInt8]] = [:]
        for f in BelpicFile.allCases {
            guard let text = wire[f.wireName] else { continue }
            guard let data = Data(base64Encoded: text) else {
                throw CardVerifier.Failure.unreadable("files.\(f.wireName) is not base64")
            }
            files[f] = Array(data)
        }
        self.init(files)
    }

    public var base64: [String: String] {
        var out: [String: String] = [:]
        for (f, bytes) in files { out[f.wireName] = Data(bytes).base64EncodedString() }
        return out
    }
}
