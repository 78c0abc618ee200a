import Foundation

extension SessionStore {
    /// A hash of a password nobody knows: checked when there is no hash to check,
    /// so that unknown, inactive and directory users cost what a wrong password costs.
    static let dummyHash = PasswordHasher.hash(RandomToken.make())

    /// A typed user name as it is stored and counted: Unicode composed (NFC), without
    /// spaces at its ends, inner runs of white space as one space. The directory ignores
    /// such differences, so without this `anna maria`, ` anna  maria` and a decomposed
    /// `jérôme` would each become a user of their own (and a throttle counter of their own).
    public static func normalizedUsername(_ typed: String) -> String {
        typed.precomposedStringWithCanonicalMapping.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The throttle keys of a login attempt: the (name, address) pair, and the address.
    func failureKeys(username: String, clientAddress: String) -> (pair: String, address: String) {
        ("login:" + username.lowercased() + "|" + clientAddress, "ip:" + clientAddress)
    }

    /// Refuses with 429 when the pair or the address failed too often lately.
    func checkThrottle(username: String, clientAddress: String, language: String) async throws {
        let keys = failureKeys(username: username, clientAddress: clientAddress)
        let since = ISODates.now(Date().addingTimeInterval(-failureWindow))
        let (pair, address) = try await db.read { c in
            let sql = "SELECT count(*) FROM lino_login_failure WHERE login_key = ? AND at > ?"
            return (try c.scalar(sql, [.text(keys.pair), .text(since)]).intValue ?? 0,
                    try c.scalar(sql, [.text(keys.address), .text(since)]).intValue ?? 0)
        }
        if pair >= maxFailures || address >= maxFailuresPerAddress {
            throw LinoError.throttled(site.t("Too many failed logins. Please wait a few minutes.", language))
        }
    }

    /// Counts a failed attempt for the pair and the address.
    func recordFailure(username: String, clientAddress: String) async throws {
        let keys = failureKeys(username: username, clientAddress: clientAddress)
        let stamp = ISODates.now()
        try await db.write { c in
            for k in [keys.pair, keys.address] {
                try c.execute("INSERT INTO lino_login_failure (login_key, at) VALUES (?, ?)", [.text(k), .text(stamp)])
            }
        }
    }

    /// A local user row: id, username, hash, active, login source.
    struct LocalAccount: Sendable { let id: Int64; let username: String; let hash: String?; let active: Bool; let source: String }

    /// The user of a typed name: the exact name, else the name in lower case (as directory
    /// users are stored: `ADELE` finds `adele`). Both look-ups use the username's index.
    func localAccount(_ username: String) async throws -> LocalAccount? {
        let row: [Value]? = try await db.read { c in
            let sql = "SELECT id, username, password, is_active, login_source FROM users_user WHERE username = ?"
            let types: [ColumnType] = [.int, .text, .text, .bool, .text]
            if let r = try c.query(sql, [.text(username)], types: types).first { return r }
            let lower = username.lowercased()
            return lower == username ? nil : try c.query(sql, [.text(lower)], types: types).first
        }
        guard let r = row, let id = r[0].intValue else { return nil }
        return LocalAccount(id: id, username: r[1].stringValue ?? "", hash: r[2].stringValue, active: r[3].boolValue ?? false,
                            source: r[4].stringValue ?? LoginSource.local)
    }

    /// Checks the name and password (locally or in the directory); on success opens a session.
    /// Failures are throttled per (name, address) and per address; a success clears its pair.
    public func login(username typed: String, password: String, clientAddress: String, language: String) async throws -> Session {
        let username = Self.normalizedUsername(typed)
        let wrong = LinoError.notAuthenticated(site.t("Wrong user name or password.", language))
        try await checkThrottle(username: username, clientAddress: clientAddress, language: language)
        let local = try await localAccount(username)
        var userID: Int64?
        var directoryAccount: DirectoryAccount?
        if let local, local.source != LoginSource.directory {
            let ok = await PasswordHasher.verifyOffLoop(password, hash: local.hash ?? Self.dummyHash) && local.hash != nil && local.active
            if ok { userID = local.id } else if let directory { await directory.dummyLogin(password: password) }
        } else if let directory {
            // The directory decides; the dummy hash keeps the cost equal to a local failure.
            async let hashed = PasswordHasher.verifyOffLoop(password, hash: Self.dummyHash)
            let outcome = await directory.login(username: local?.username ?? username, password: password)
            _ = await hashed
            switch outcome {
            case .success(let account) where local?.active ?? true:
                directoryAccount = account
                userID = local?.id
            case .success, .wrongCredentials: break
            case .notMapped:
                throw LinoError.forbidden(site.t("Your directory account may not use this application. Please ask your administrator.", language))
            case .unavailable:
                throw LinoError.unavailable(site.t("The directory server does not answer; try again later or ask your administrator.", language))
            }
        } else {
            _ = await PasswordHasher.verifyOffLoop(password, hash: Self.dummyHash)
        }
        guard userID != nil || directoryAccount != nil else {
            try await recordFailure(username: username, clientAddress: clientAddress)
            throw wrong
        }
        return try await openSession(userID: userID, username: (local?.username ?? username).lowercased(),
                                     directoryAccount: directoryAccount, clientAddress: clientAddress, language: language)
    }

    /// Writes the session (and creates or refreshes a directory user) in one transaction:
    /// a first directory login that fails half-way leaves no user behind.
    func openSession(userID: Int64?, username: String, directoryAccount: DirectoryAccount?,
                     clientAddress: String, language: String) async throws -> Session {
        let keys = failureKeys(username: username, clientAddress: clientAddress)
        let since = ISODates.now(Date().addingTimeInterval(-failureWindow))
        let sessionToken = RandomToken.make()
        let csrf = RandomToken.make()
        let stamp = ISODates.now()
        let sessions = self
        let wrong = LinoError.notAuthenticated(site.t("Wrong user name or password.", language))
        let row: [Value] = try await store.write(as: .system(reason: "login")) { w in
            let c = w.connection
            var id = userID
            if let account = directoryAccount {
                id = try sessions.saveDirectoryUser(w, existing: userID, username: username, account: account)
            }
            // A user without a known user type may not log in (nothing is kept: the write rolls back).
            guard let id, let row = try c.query("SELECT \(Self.userColumns) FROM users_user u WHERE u.id = ?", [.int(id)], types: Self.userTypes).first,
                  sessions.site.userTypes[row[5].stringValue ?? ""] != nil else { throw wrong }
            try c.execute("DELETE FROM lino_login_failure WHERE login_key = ? OR at < ?", [.text(keys.pair), .text(since)])
            try c.execute("INSERT INTO lino_session (token, user_id, csrf, created, last_seen, checked) VALUES (?, ?, ?, ?, ?, ?)",
                          [.text(sessionToken), .int(id), .text(csrf), .text(stamp), .text(stamp), .text(stamp)])
            w.wrote(["lino_session", "lino_login_failure"])
            try w.update("users.User", id: .int(id), ["last_login": .text(stamp)])
            return row
        }
        guard let user = context(row, token: sessionToken) else { throw wrong }
        return Session(token: sessionToken, csrfToken: csrf, user: user)
    }
}
