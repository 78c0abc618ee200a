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
