import Foundation
import Logging

extension SessionStore {
    static let auditLog = Logger(label: "welfare.audit")

    /// Starts or stops acting as another user. Refused without an authority or
    /// when that user is inactive; every start and stop is kept in `users.ActAsLog`.
    public func actAs(_ current: UserContext, otherUserID: Int64?, clientAddress: String) async throws {
        guard let token = current.sessionToken else { throw LinoError.notAuthenticated(site.t("Please log in.", current.language)) }
        let realID = current.realUserID ?? current.id
        let site = self.site
        let q = db.dialect.quote("user")
        let lang = current.language
        let trueSQL = self.trueSQL
        let other = otherUserID == realID ? nil : otherUserID
        try await store.write(as: .system(reason: "act as another user", onBehalfOf: current)) { w in
            let c = w.connection
            if let other {
                let ok = try !c.query("""
                    SELECT 1 FROM users_authority a JOIN users_user u ON u.id = a.\(q)
                    WHERE a.\(q) = ? AND a.authorized = ? AND u.is_active = \(trueSQL)
                    """, [.int(other), .int(realID)], types: [.int]).isEmpty
                guard ok else { throw LinoError.forbidden(site.t("You may not act as this user.", lang)) }
            }
            try c.execute("UPDATE lino_session SET acting_as = ? WHERE token = ?", [other.map(Value.int) ?? .null, .text(token)])
            w.wrote(["lino_session"])
            try w.insert("users.ActAsEvent", [
                "at": .text(ISODates.now()), "user": .int(realID), "as_user": other.map(Value.int) ?? .null,
                "client": .text(String(clientAddress.prefix(60))),
            ])
        }
        Self.auditLog.info(other == nil ? "stops acting as another user" : "acts as another user", metadata: [
            "user": .string(current.username), "realUser": .stringConvertible(realID), "asUser": .string(other.map { String($0) } ?? "-"),
            "client": .string(clientAddress),
        ])
    }

    /// The active users who let `realUserID` work as them (authorities), for the "Act as" choice.
    public func actAsChoices(realUserID: Int64) async throws -> [(id: Int64, text: String)] {
        let q = db.dialect.quote("user")
        let trueSQL = self.trueSQL
        let rows = try await db.read { c in
            try c.query("""
                SELECT u.id, u.username, u.first_name, u.last_name FROM users_authority a
                JOIN users_user u ON u.id = a.\(q) WHERE a.authorized = ? AND u.is_active = \(trueSQL)
                ORDER BY u.username
                """, [.int(realUserID)], types: [.int, .text, .text, .text])
        }
        return rows.map { r in
            let full = [r[2].stringValue ?? "", r[3].stringValue ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            return (r[0].intValue ?? 0, full.isEmpty ? (r[1].stringValue ?? "") : full)
        }
    }

    /// Sets a user's password through the one writer: the users model's hook then
    /// ends the user's other sessions (all of them when `by` is another user or nil).
    /// The caller checked who may do it (the user with the current password, or an administrator).
    public func setPassword(userID: Int64, password: String, by user: UserContext?) async throws {
        let hash = PasswordHasher.hash(password)
        try await store.write(as: .system(reason: "set password", onBehalfOf: user)) { w in
            try w.update("users.User", id: .int(userID), ["password": .text(hash)])
        }
    }

    /// Changes one's own password after checking the current one, under the login throttle.
    public func changePassword(_ user: UserContext, current: String, new: String, clientAddress: String) async throws {
        let lang = user.language
        guard !user.isActingAsOther else {
            throw LinoError.forbidden(site.t("You cannot do this while working as another user.", lang))
        }
        let local = try await localAccount(user.username)
        guard let local, local.id == user.id, local.source != LoginSource.directory else {
            throw LinoError.forbidden(site.t("Your password is managed by the directory.", lang))
        }
        try await checkThrottle(username: user.username, clientAddress: clientAddress, language: lang)
        guard await PasswordHasher.verifyOffLoop(current, hash: local.hash ?? Self.dummyHash), local.hash != nil else {
            try await recordFailure(username: user.username, clientAddress: clientAddress)
            throw site.fieldError("current", "Wrong password.", lang)
        }
        guard !ControlCharacters.contains(new) else {
            throw site.fieldError("new", "This text contains control characters.", lang)
        }
        guard new.count >= 8 else {
            throw site.fieldError("new", "At least 8 characters.", lang)
        }
        try await setPassword(userID: user.id, password: new, by: user)
    }

    public func setLanguage(userID: Int64, language: String) async throws {
        guard site.languages.contains(language) else {
            throw site.fieldError("language", "Invalid choice.", language)
        }
        try await store.write(as: .system(reason: "the user's language")) { w in
            try w.update("users.User", id: .int(userID), ["language": .text(language)])
        }
    }
}
