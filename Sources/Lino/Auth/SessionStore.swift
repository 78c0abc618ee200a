import Foundation

/// A logged-in session as read from the database.
public struct Session: Sendable {
    public let token: String
    public let csrfToken: String
    public let user: UserContext
}

/// Logins, sessions and "act as", all kept in the database so that several
/// server processes can share them.
public struct SessionStore: Sendable {
    public let site: Site
    public let db: Database
    /// Failed logins per user name before the login is refused for a while.
    public var maxFailures = 5
    /// Failed logins per client address (password spraying over many names).
    public var maxFailuresPerAddress = 30
    public var failureWindow: TimeInterval = 15 * 60
    public var idleTimeout: TimeInterval = 12 * 3600
    let cache = SessionCache()

    public init(site: Site, db: Database) {
        self.site = site
        self.db = db
    }

    static let userColumns = "u.id, u.username, u.first_name, u.last_name, u.language, u.user_type"
    static let userTypes: [ColumnType] = [.int, .text, .text, .text, .text, .text]

    func context(_ r: [Value], realUserID: Int64? = nil) -> UserContext? {
        guard let id = r[0].intValue, let type = site.userTypes[r[5].stringValue ?? ""] else { return nil }
        let full = [r[2].stringValue ?? "", r[3].stringValue ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let lang = r[4].stringValue.flatMap { site.languages.contains($0) ? $0 : nil } ?? site.defaultLanguage
        return UserContext(id: id, username: r[1].stringValue ?? "", fullName: full.isEmpty ? (r[1].stringValue ?? "") : full,
                           language: lang, userType: type, realUserID: realUserID)
    }

    /// Checks a password; on success opens a session. Throttles repeated failures.
    public func login(username: String, password: String, clientAddress: String, language: String) async throws -> Session {
        let key = "user:" + username.lowercased()
        let addressKey = "ip:" + clientAddress
        let maxPerAddress = maxFailuresPerAddress
        let now = Date()
        let since = ISODates.now(now.addingTimeInterval(-failureWindow))
        let maxFailures = self.maxFailures
        let site = self.site
        let sessionToken = RandomToken.make()
        let csrf = RandomToken.make()
        let stamp = ISODates.now(now)
        let row: [Value]? = try await db.write { c in
            func failures(_ k: String) throws -> Int64 {
                try c.scalar("SELECT count(*) FROM lino_login_failure WHERE login_key = ? AND at > ?", [.text(k), .text(since)]).intValue ?? 0
            }
            if try failures(key) >= maxFailures || failures(addressKey) >= maxPerAddress {
                throw LinoError.throttled(site.t("Too many failed logins. Please wait a few minutes.", language))
            }
            let found = try c.query("SELECT \(Self.userColumns), u.password, u.is_active FROM users_user u WHERE u.username = ?",
                                    [.text(username)], types: Self.userTypes + [.text, .bool]).first
            guard let found, found[7].boolValue, let hash = found[6].stringValue,
                  PasswordHasher.verify(password, hash: hash), site.userTypes[found[5].stringValue ?? ""] != nil else {
                for k in [key, addressKey] {
                    try c.execute("INSERT INTO lino_login_failure (login_key, at) VALUES (?, ?)", [.text(k), .text(stamp)])
                }
                return nil
            }
            try c.execute("DELETE FROM lino_login_failure WHERE login_key = ? OR at < ?", [.text(key), .text(since)])
            try c.execute("INSERT INTO lino_session (token, user_id, csrf, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                          [.text(sessionToken), found[0], .text(csrf), .text(stamp), .text(stamp)])
            try c.execute("UPDATE users_user SET last_login = ? WHERE id = ?", [.text(stamp), found[0]])
            return Array(found.prefix(6))
        }
        guard let row, let user = context(row) else {
            throw LinoError.notAuthenticated(site.t("Wrong user name or password.", language))
        }
        return Session(token: sessionToken, csrfToken: csrf, user: user)
    }

    /// The session of a cookie token, or nil when unknown or expired.
    /// "Act as" is re-checked against the authorities on every call.
    public func session(token: String) async throws -> Session? {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return nil }
        let change = db.changes.value  // read first: a change meanwhile makes what we read stale
        if let cached = cache.get(token, change: change) { return cached }
        let cutoff = ISODates.now(Date().addingTimeInterval(-idleTimeout))
        let touchBefore = ISODates.now(Date().addingTimeInterval(-60))
        let sql = """
            SELECT \(Self.userColumns), s.csrf, s.acting_as, s.last_seen FROM lino_session s
            JOIN users_user u ON u.id = s.user_id WHERE s.token = ? AND u.is_active = \(db.dialect == .sqlite ? "1" : "true")
            """
        let actingSQL = """
            SELECT \(Self.userColumns) FROM users_user u JOIN users_authority a ON a.\(db.dialect.quote("user")) = u.id
            WHERE u.id = ? AND a.authorized = ?
            """
        let found: ([Value], [Value]?)? = try await db.read { c in
            guard let r = try c.query(sql, [.text(token)], types: Self.userTypes + [.text, .int, .text]).first else { return nil }
            var acting: [Value]? = nil
            if let other = r[7].intValue {
                acting = try c.query(actingSQL, [.int(other), r[0]], types: Self.userTypes).first
            }
            return (r, acting)
        }
        guard let (r, acting) = found, let lastSeen = r[8].stringValue, lastSeen > cutoff, let real = context(r) else { return nil }
        if lastSeen < touchBefore {
            let now = ISODates.now()
            try await db.write { c in try c.execute("UPDATE lino_session SET last_seen = ? WHERE token = ?", [.text(now), .text(token)]) }
        }
        let csrf = r[6].stringValue ?? ""
        if let acting, let other = context(acting, realUserID: real.id) {
            // Acting as another user keeps one's own UI language.
            let user = UserContext(id: other.id, username: other.username, fullName: other.fullName,
                                   language: real.language, userType: other.userType, realUserID: real.id)
            let session = Session(token: token, csrfToken: csrf, user: user)
            cache.set(session, change: change)
            return session
        }
        let session = Session(token: token, csrfToken: csrf, user: real)
        cache.set(session, change: change)
        return session
    }

    public func logout(token: String) async throws {
        try await db.write { c in try c.execute("DELETE FROM lino_session WHERE token = ?", [.text(token)]) }
        db.changes.bump(tables: ["lino_session"])
    }

    /// Starts or stops acting as another user; refused without an authority record.
    public func actAs(token: String, realUserID: Int64, otherUserID: Int64?, language: String) async throws {
        let site = self.site
        let q = db.dialect.quote("user")
        try await db.write { c in
            if let other = otherUserID, other != realUserID {
                let ok = try !c.query("SELECT 1 FROM users_authority WHERE \(q) = ? AND authorized = ?", [.int(other), .int(realUserID)], types: [.int]).isEmpty
                guard ok else { throw LinoError.forbidden(site.t("You may not act as this user.", language)) }
                try c.execute("UPDATE lino_session SET acting_as = ? WHERE token = ?", [.int(other), .text(token)])
            } else {
                try c.execute("UPDATE lino_session SET acting_as = NULL WHERE token = ?", [.text(token)])
            }
        }
        db.changes.bump(tables: ["lino_session"])
    }

    /// The users who let `realUserID` work as them (authorities), for the "Act as" choice.
    public func actAsChoices(realUserID: Int64) async throws -> [(id: Int64, text: String)] {
        let q = db.dialect.quote("user")
        let rows = try await db.read { c in
            try c.query("""
                SELECT u.id, u.username, u.first_name, u.last_name FROM users_authority a
                JOIN users_user u ON u.id = a.\(q) WHERE a.authorized = ? AND u.is_active = \(c.dialect == .sqlite ? "1" : "true")
                ORDER BY u.username
                """, [.int(realUserID)], types: [.int, .text, .text, .text])
        }
        return rows.map { r in
            let full = [r[2].stringValue ?? "", r[3].stringValue ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            return (r[0].intValue ?? 0, full.isEmpty ? (r[1].stringValue ?? "") : full)
        }
    }

    /// Sets a user's password (stored as a yescrypt hash).
    public func setPassword(userID: Int64, password: String) async throws {
        let hash = PasswordHasher.hash(password)
        try await db.write { c in try c.execute("UPDATE users_user SET password = ? WHERE id = ?", [.text(hash), .int(userID)]) }
        db.changes.bump(tables: ["users_user"])
    }

    /// Changes one's own password after checking the current one.
    public func changePassword(userID: Int64, current: String, new: String, language: String) async throws {
        let stored = try await db.read { c in try c.scalar("SELECT password FROM users_user WHERE id = ?", [.int(userID)], type: .text).stringValue }
        guard let stored, PasswordHasher.verify(current, hash: stored) else {
            throw LinoError.validation(message: site.t("Please correct the marked fields.", language),
                                       fields: ["current": site.t("Wrong password.", language)])
        }
        guard new.count >= 8 else {
            throw LinoError.validation(message: site.t("Please correct the marked fields.", language),
                                       fields: ["new": site.t("At least 8 characters.", language)])
        }
        try await setPassword(userID: userID, password: new)
    }

    public func setLanguage(userID: Int64, language: String) async throws {
        guard site.languages.contains(language) else {
            throw LinoError.validation(message: site.t("Please correct the marked fields.", language), fields: ["language": site.t("Invalid choice.", site.defaultLanguage)])
        }
        try await db.write { c in try c.execute("UPDATE users_user SET language = ? WHERE id = ?", [.text(language), .int(userID)]) }
        db.changes.bump(tables: ["users_user"])
    }
}
