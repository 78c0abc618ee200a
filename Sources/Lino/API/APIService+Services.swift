import Foundation

extension APIService {
    /// Runs a plugin endpoint for a user who has one of its roles.
    public func service(_ path: String, method: Service.Method, body: JSONObject, query: [String: String], user: UserContext) async throws -> ServiceAnswer {
        guard let s = site.services[path], s.method == method else {
            throw LinoError.notFound(site.t("No such service.", user.language))
        }
        guard s.allows(user) else { throw LinoError.forbidden(site.t("You may not use this function.", user.language)) }
        return try await s.run(ServiceRequest(store: store, user: user, body: body, query: query))
    }

    /// The bytes of an image field, if the user may see the record and the field.
    public func image(_ tableName: String, id rawID: String, field: String, user: UserContext) async throws -> (contentType: String, bytes: [UInt8]) {
        let t = try store.table(tableName, for: user)
        guard let fi = t.model.fieldsByName[field], case .image = fi.field.kind, Permissions.canRead(fi.field) else {
            throw LinoError.notFound(site.t("No such record.", user.language))
        }
        guard let id = store.parseID(rawID, t) else { throw LinoError.notFound(site.t("No such record.", user.language)) }
        let row = try await store.record(t, id: id, fields: [field], user: user)
        guard case .blob(let bytes)? = row.values[fi.columns[0].name], !bytes.isEmpty else {
            throw LinoError.notFound(site.t("No such record.", user.language))
        }
        return (Self.imageType(bytes), bytes)
    }

    static func imageType(_ b: [UInt8]) -> String {
        if b.starts(with: [0xFF, 0xD8]) { return "image/jpeg" }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        return "application/octet-stream"
    }
}

extension APIService {
    /// Keeps an uploaded file for the next save of a record (`POST /api/files`).
    /// - Returns: `{token, name, size, type}`; 413 when too large, 415 when of no accepted kind.
    public func stageFile(_ bytes: [UInt8], name: String, user: UserContext) throws -> JSON {
        let lang = user.language
        guard let files = store.files else { throw LinoError.notFound(site.t("This site stores no files.", lang)) }
        do {
            let staged = try files.stage(bytes, name: name, userID: user.realUserID ?? user.id)
            return .object(["token": .string(staged.token), "name": .string(staged.name), "size": .int(Int64(staged.size)),
                            "type": .string(staged.kind.rawValue)])
        } catch FileStore.Refusal.tooLarge(let max) {
            throw fileTooLarge(max, user)
        } catch FileStore.Refusal.kindNotAccepted {
            throw LinoError.unsupportedType(site.t("Only PDF files and images (JPEG, PNG, GIF, TIFF, WebP) are accepted.", lang))
        }
    }

    /// The 413 answer of an upload over the limit, naming the limit.
    public func fileTooLarge(_ maxBytes: Int, _ user: UserContext) -> LinoError {
        .tooLarge(site.t("The file is too large (at most {size}).", user.language, ["size": site.t("{n} MB", user.language, ["n": String(maxBytes / (1024 * 1024))])]))
    }

    /// The stored file of a file field, if the user may see the record and the field.
    public func file(_ tableName: String, id rawID: String, field: String, user: UserContext) async throws -> (type: String, name: String, bytes: [UInt8]) {
        let t = try store.table(tableName, for: user)
        let missing = LinoError.notFound(site.t("No such record.", user.language))
        guard let fi = t.model.fieldsByName[field], case .file = fi.field.kind, Permissions.canSee(t, field, fi.field, user),
              let id = store.parseID(rawID, t), let files = store.files else { throw missing }
        let row = try await store.record(t, id: id, fields: [field], user: user)
        guard let key = row.values[field]?.stringValue, let bytes = try? files.read(key) else { throw missing }
        return (row.values[field + "_type"]?.stringValue ?? "application/octet-stream", row.values[field + "_name"]?.stringValue ?? "file", bytes)
    }
}
