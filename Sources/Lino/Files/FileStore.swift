import Foundation

/// Where the files of file fields live: in the data folder, under random names
/// that say nothing (`files/3f/3f9c...`), never served as a folder. A file is
/// first staged by an upload (bound to the user who sent it, for an hour), then
/// taken by a record's save, and removed when its record is deleted or its file replaced.
public final class FileStore: Sendable {
    public let root: URL
    /// The largest file accepted, in bytes.
    public let maxBytes: Int
    private let stagingLifetime: TimeInterval = 3600

    /// What a staged upload is: its token, the name the user gave it, its size and kind.
    public struct Staged: Sendable {
        public let token: String
        public let name: String
        public let size: Int
        public let kind: FileKind
    }

    public enum Refusal: Error, Sendable {
        case tooLarge(maxBytes: Int)
        case kindNotAccepted
        case unknownToken
    }

    public init(root: URL, maxBytes: Int = 10 * 1024 * 1024) throws {
        self.root = root
        self.maxBytes = maxBytes
        for sub in ["files", "staging"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
    }

    // MARK: - Staging (an upload before its record is saved)

    /// Keeps an uploaded file until a save takes it. Refused when too large or of no accepted kind.
    public func stage(_ bytes: [UInt8], name: String, userID: Int64, accepted: [FileKind] = FileKind.scans) throws -> Staged {
        guard bytes.count <= maxBytes else { throw Refusal.tooLarge(maxBytes: maxBytes) }
        guard let kind = FileKind.sniff(bytes), accepted.contains(kind) else { throw Refusal.kindNotAccepted }
        removeOldStaged()
        let token = "f_" + RandomToken.make()
        let clean = Self.cleanName(name, kind: kind)
        let dir = root.appendingPathComponent("staging").appendingPathComponent(token)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(bytes).write(to: dir.appendingPathComponent("data"), options: .withoutOverwriting)
        let meta = "\(userID)\n\(kind.rawValue)\n\(clean)"
        try Data(meta.utf8).write(to: dir.appendingPathComponent("meta"))
        return Staged(token: token, name: clean, size: bytes.count, kind: kind)
    }

    /// Moves a staged file of this user into the store; returns its key, what it is and whose it is.
    func take(_ token: String, userID: Int64?) throws -> (key: String, staged: Staged, owner: Int64) {
        guard token.hasPrefix("f_"), token.dropFirst(2).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw Refusal.unknownToken
        }
        let dir = root.appendingPathComponent("staging").appendingPathComponent(token)
        guard let meta = try? String(contentsOf: dir.appendingPathComponent("meta"), encoding: .utf8) else { throw Refusal.unknownToken }
        let parts = meta.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let owner = Int64(parts[0]), owner == userID ?? owner, let kind = FileKind(rawValue: parts[1]) else {
            throw Refusal.unknownToken
        }
        let key = RandomToken.make().lowercased().filter { $0.isLetter || $0.isNumber }
        let target = path(of: key)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("data"), to: target)
        try? FileManager.default.removeItem(at: dir)
        let size = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
        return (key, Staged(token: token, name: parts[2], size: size, kind: kind), owner)
    }

    /// Puts a taken file back where the save that took it found it: a save that failed
    /// (or only checked) leaves the upload for the next try, under the same token.
    func giveBack(_ key: String, as staged: Staged, owner: Int64) {
        guard Self.isKey(key) else { return }
        let dir = root.appendingPathComponent("staging").appendingPathComponent(staged.token)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: path(of: key), to: dir.appendingPathComponent("data"))
            try Data("\(owner)\n\(staged.kind.rawValue)\n\(staged.name)".utf8).write(to: dir.appendingPathComponent("meta"))
        } catch {
            // Nothing to give back to: the file is gone, as a failed save used to leave it.
            remove(key)
            try? FileManager.default.removeItem(at: dir)
        }
    }

    // MARK: - Stored files

    /// Stores a file the system made (demo data, an import) and returns the values of
    /// a file field holding it (key, name, size, kind), for a writer's insert.
    public func put(_ bytes: [UInt8], name: String, into field: String) throws -> Values {
        guard let kind = FileKind.sniff(bytes) else { throw Refusal.kindNotAccepted }
        let key = RandomToken.make().lowercased()
        let target = path(of: key)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target, options: .withoutOverwriting)
        return [field: .text(key), field + "_name": .text(Self.cleanName(name, kind: kind)), field + "_size": .int(Int64(bytes.count)),
                field + "_type": .text(kind.rawValue)]
    }

    public func read(_ key: String) throws -> [UInt8] {
        guard Self.isKey(key) else { throw Refusal.unknownToken }
        return Array(try Data(contentsOf: path(of: key)))
    }

    func remove(_ key: String) {
        guard Self.isKey(key) else { return }
        try? FileManager.default.removeItem(at: path(of: key))
    }

    func path(of key: String) -> URL {
        root.appendingPathComponent("files").appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key)
    }

    static func isKey(_ key: String) -> Bool { key.count >= 16 && key.allSatisfy { $0.isLetter || $0.isNumber } }

    private func removeOldStaged() {
        let dir = root.appendingPathComponent("staging")
        let limit = Date().addingTimeInterval(-stagingLifetime)
        for entry in (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: [.creationDateKey])) ?? [] {
            let created = (try? entry.resourceValues(forKeys: [.creationDateKey]).creationDate) ?? .distantPast
            if created < limit { try? FileManager.default.removeItem(at: entry) }
        }
    }

    /// The name shown and offered on download: no path, no control characters, the kind's extension.
    static func cleanName(_ name: String, kind: FileKind) -> String {
        var base = String((name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "file").prefix(120))
        base = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" }.map(Character.init))
        if base.trimmingCharacters(in: .whitespaces).isEmpty { base = "file" }
        let ext: String
        switch kind {
        case .pdf: ext = "pdf"
        case .jpeg: ext = "jpg"
        case .png: ext = "png"
        case .gif: ext = "gif"
        case .tiff: ext = "tif"
        case .webp: ext = "webp"
        }
        let lower = base.lowercased()
        if kind == .jpeg, lower.hasSuffix(".jpeg") { return base }
        return lower.hasSuffix("." + ext) ? base : base + "." + ext
    }
}
