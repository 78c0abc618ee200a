import Foundation
import Logging

/// Single flight and a breaker for the re-checks of directory sessions: one
/// look-up per user at a time, and none for a minute after the directory failed
/// to answer (its sessions go on meanwhile rather than all waiting for it).
final class DirectoryRecheck: @unchecked Sendable {
    // @unchecked: the mutable state is only touched under `lock`.
    private let lock = NSLock()
    private var running: [Int64: Task<Directory.LookupOutcome, Never>] = [:]
    private var quietUntil = Date.distantPast
    let pause: TimeInterval = 60

    func mayAsk(_ now: Date) -> Bool { lock.withLock { now >= quietUntil } }

    func failed(_ now: Date) { lock.withLock { quietUntil = now.addingTimeInterval(pause) } }

    func lookup(_ userID: Int64, _ ask: @escaping @Sendable () async -> Directory.LookupOutcome) async -> Directory.LookupOutcome {
        let outcome = await task(userID, ask).value
        lock.withLock { running[userID] = nil }
        return outcome
    }

    private func task(_ userID: Int64, _ ask: @escaping @Sendable () async -> Directory.LookupOutcome) -> Task<Directory.LookupOutcome, Never> {
        lock.withLock {
            if let t = running[userID] { return t }
            let t = Task { await ask() }
            running[userID] = t
            return t
        }
    }
}

enum RecheckResult { case unchanged, changed, gone }

extension SessionStore {
    static let directoryLog = Logger(label: "welfare.directory")

    /// The users.User values the directory gives an account: names, e-mail, language, type.
    func directoryValues(_ account: DirectoryAccount, current: Values?) -> Values {
        var v: Values = ["login_source": .text(LoginSource.directory), "password": .null]
        func text(_ s: String?, _ max: Int) -> Value {
            guard let s = s?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else { return .null }
            return .text(String(s.prefix(max)))
        }
        v["first_name"] = text(account.firstName, 100)
        v["last_name"] = text(account.lastName, 100)
        if let mail = account.email, ValueParser.isEmail(mail) { v["email"] = .text(mail) } else { v["email"] = .null }
        // `fr-BE` or `FR` give fr; a language this site does not speak keeps what the user had.
        let code = account.language.map { String($0.lowercased().prefix(2)) }
        if let code, site.languages.contains(code) {
            v["language"] = .text(code)
        } else if current == nil {
            v["language"] = .text(site.defaultLanguage)
        }
        if let type = account.userType { v["user_type"] = .text(type) }
        return v
    }

    /// Creates or refreshes the user of a directory account inside a write; returns its id.
    func saveDirectoryUser(_ w: Writer, existing: Int64?, username: String, account: DirectoryAccount) throws -> Int64 {
        if let existing {
            let current = try w.record("users.User", id: .int(existing))?.values ?? [:]
            let wanted = directoryValues(account, current: current)
            let changes = wanted.filter { (current[$0.key] ?? .null) != $0.value }
            if !changes.isEmpty { try w.update("users.User", id: .int(existing), changes) }
            return existing
        }
        var values = directoryValues(account, current: nil)
        values["username"] = .text(username)
        values["is_active"] = .bool(true)
        guard let id = try w.insert("users.User", values).intValue else {
            throw LinoError.badRequest(site.t("Wrong user name or password.", site.defaultLanguage))
        }
        return id
    }

    /// Checks a directory account again when its last check is older than `recheckMinutes`.
    func recheckIfDue(_ user: UserContext, checked: String, directory: Directory, now: Date) async -> RecheckResult {
        let due = ISODates.now(now.addingTimeInterval(-directory.settings.recheckMinutes * 60))
        guard checked < due, recheck.mayAsk(now) else { return .unchanged }
        let username = user.username
        let outcome = await recheck.lookup(user.id) { await directory.lookup(username: username) }
        let stamp = ISODates.now(now)
        let userID = Value.int(user.id)
        do {
            switch outcome {
            case .unavailable:
                recheck.failed(now)
                Self.directoryLog.warning("cannot re-check a directory session: the directory does not answer", metadata: ["user": .string(username)])
                return .unchanged
            case .gone:
                try await db.write { c in try Self.endSessions(c, userID: userID, except: nil) }
                db.changes.bump(tables: ["lino_session"])
                Self.directoryLog.info("directory account gone or no longer mapped: sessions ended", metadata: ["user": .string(username)])
                return .gone
            case .found(let account):
                let sessions = self
                let changed = try await store.write(as: .system(reason: "directory re-check")) { w -> Bool in
                    let before = try w.record("users.User", id: userID)?.version
                    _ = try sessions.saveDirectoryUser(w, existing: user.id, username: username, account: account)
                    let after = try w.record("users.User", id: userID)?.version
                    try w.connection.execute("UPDATE lino_session SET checked = ? WHERE user_id = ?", [.text(stamp), userID])
                    w.wrote(["lino_session"])
                    return before != after
                }
                return changed ? .changed : .unchanged
            }
        } catch {
            Self.directoryLog.error("re-check of a directory session failed", metadata: ["user": .string(username), "error": .string("\(error)")])
            return .unchanged
        }
    }
}
