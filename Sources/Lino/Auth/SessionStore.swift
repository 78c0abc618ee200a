import Foundation

/// A logged-in session as read from the database.
public struct Session: Sendable {
    public let token: String
    public let csrfToken: String
    public let user: UserContext
}

/// Logins, sessions and "act as", all kept in the database so that several
/// server processes can share them. Logins check local password hashes or the
/// staff directory (`directory`), see SessionStore+Login.swift.
public struct SessionStore: Sendable {
    public let store: RecordStore
    /// The staff directory (LDAP / Active Directory), when the site has one.
    public let directory: Directory?
    public var site: Site { store.site }
    public var db: Database { store.db }

    /// Failed logins per (user name, client address) before that pair is refused for a while.
    public var maxFailures = 5
    /// Failed logins per client address (password spraying over many names).
    public var maxFailuresPerAddress = 30
    public var failureWindow: TimeInterval = 15 * 60
    public var idleTimeout: TimeInterval = 12 * 3600
    /// A session ends this long after its login, however busy it is (`sessionMaxHours`).
    public var maxLifetime: TimeInterval = 12 * 3600
    let cache = SessionCache()
    let recheck = DirectoryRecheck()

    public init(store: RecordStore, directory: Directory? = nil) {
        self.store = store
        self.directory = directory
    }

    static let userColumns = "u.id, u.username, u.first_name, u.last_name, u.language, u.user_type"
    static let userTypes: [ColumnType] = [.int, .text, .text, .text, .text, .text]

    func context(_ r: [Value], realUserID: Int64? = nil, token: String? = nil) -> UserContext? {
        guard let id = r[0].intValue, let type = site.userTypes[r[5].stringValue ?? ""] else { return nil }
        let full = [r[2].stringValue ?? "", r[3].stringValue ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let lang = r[4].stringValue.flatMap { site.languages.contains($0) ? $0 : nil } ?? site.defaultLanguage
        return UserContext(id: id, username: r[1].stringValue ?? "", fullName: full.isEmpty ? (r[1].stringValue ?? "") : full,
                           language: lang, userType: type, realUserID: realUserID, sessionToken: token)
    }

    var trueSQL: String { db.dialect == .sqlite ? "1" : "true" }

    /// The session of a cookie token, or nil when unknown, idle too long, too old,
    /// or its directory account is gone. "Act as" is re-checked on every call.
    public func session(token: String) async throws -> Session? {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return nil }
        let change = db.changes.value  // read first: a change meanwhile makes what we read stale
        if let cached = cache.get(token, change: change) { return cached }
        let now = Date()
        let idleCutoff = ISODates.now(now.addingTimeInterval(-idleTimeout))
        let ageCutoff = ISODates.now(now.addingTimeInterval(-maxLifetime))
        let touchBefore = ISODates.now(now.addingTimeInterval(-60))
        let sql = """
            SELECT \(Self.userColumns), s.csrf, s.acting_as, s.last_seen, s.created, u.login_source, s.checked FROM lino_session s
            JOIN users_user u ON u.id = s.user_id WHERE s.token = ? AND u.is_active = \(trueSQL)
            """
        let actingSQL = """
            SELECT \(Self.userColumns) FROM users_user u JOIN users_authority a ON a.\(db.dialect.quote("user")) = u.id
            WHERE u.id = ? AND a.authorized = ? AND u.is_active = \(trueSQL)
            """
        let found: ([Value], [Value]?)? = try await db.read { c in
            guard let r = try c.query(sql, [.text(token)], types: Self.userTypes + [.text, .int, .text, .text, .text, .text]).first else { return nil }
            var acting: [Value]? = nil
            if let other = r[7].intValue {
                acting = try c.query(actingSQL, [.int(other), r[0]], types: Self.userTypes).first
            }
            return (r, acting)
        }
        guard let (r, acting) = found, let lastSeen = r[8].stringValue, lastSeen > idleCutoff,
              let created = r[9].stringValue, created > ageCutoff, var real = context(r, token: token) else { return nil }
        var until = ISODates.instant(created).map { $0.addingTimeInterval(maxLifetime) } ?? now
        if r[10].stringValue == LoginSource.directory, let directory {
            let checked = r[11].stringValue ?? created
            let nextCheck = ISODates.instant(checked).map { $0.addingTimeInterval(directory.settings.recheckMinutes * 60) } ?? now
            until = min(until, nextCheck)
            switch await recheckIfDue(real, checked: checked, directory: directory, now: now) {
            case .gone: return nil
            case .changed: return try await session(token: token)  // the user's type or name changed: read it again
            case .unchanged: break
            }
        }
        if lastSeen < touchBefore {
            let stamp = ISODates.now(now)
            try await db.write { c in try c.execute("UPDATE lino_session SET last_seen = ? WHERE token = ?", [.text(stamp), .text(token)]) }
        }
        let csrf = r[6].stringValue ?? ""
        if let acting, let other = context(acting, realUserID: real.id) {
            // Acting as another user keeps one's own UI language.
            real = UserContext(id: other.id, username: other.username, fullName: other.fullName,
                               language: real.language, userType: other.userType, realUserID: real.id, sessionToken: token)
        }
        let session = Session(token: token, csrfToken: csrf, user: real)
        cache.set(session, change: change, now: now, until: until)
        return session
    }

    public func logout(token: String) async throws {
        try await db.write { c in try c.execute("DELETE FROM lino_session WHERE token = ?", [.text(token)]) }
        db.changes.bump(tables: ["lino_session"])
    }

    /// Ends every session of a user but `kept` (the session that made the change), inside a write.
    public static func endSessions(_ c: SQLConnection, userID: Value, except kept: String?) throws {
        if let kept {
            try c.execute("DELETE FROM lino_session WHERE user_id = ? AND token <> ?", [userID, .text(kept)])
        } else {
            try c.execute("DELETE FROM lino_session WHERE user_id = ?", [userID])
        }
    }
}

/// Where a user logs in: `users.LoginSources`.
public enum LoginSource {
    public static let local = "local"
    public static let directory = "directory"
}
