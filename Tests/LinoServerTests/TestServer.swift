import BeID
import BeIDTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Lino
import LinoServer
import Logging
import Welfare
import XCTest

/// The real server on a random loopback port, with a demo database, and a
/// client that keeps its own cookie and CSRF token.
final class TestServer: @unchecked Sendable {
    // @unchecked: fields are written once in `start` before any concurrent use.
    let store: RecordStore
    var port = 0
    var task: Task<Void, Error>?
    let cleanup: @Sendable () async -> Void

    static let locales = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../locales").standardized
    static let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../web").standardized

    init(db: Database, cleanup: @escaping @Sendable () async -> Void) throws {
        // Cards of BeIDTestSupport are signed under this root.
        let eid = BeIDSettings(helperURL: "http://127.0.0.1:9375", verifier: CardVerifier(trustedRoots: [SampleCard.pki.root]))
        let filesDir = FileManager.default.temporaryDirectory.appendingPathComponent("welfare-files-\(UUID().uuidString)")
        // Small limit, so that the 413 test needs no big body.
        let files = try FileStore(root: filesDir, maxBytes: 256 * 1024)
        store = RecordStore(site: try WelfareSite.make(localesDirectory: Self.locales, eid: eid), db: db, files: files)
        self.cleanup = { await cleanup(); try? FileManager.default.removeItem(at: filesDir) }
    }

    /// One server per database kind (SQLite always, PostgreSQL when available), with demo data.
    static func all(persons: Int = 60, clients: Int = 0, directory: DirectorySettings? = nil,
                    configure: @escaping @Sendable (inout ServerConfiguration) -> Void = { _ in }) async throws -> [(String, TestServer)] {
        var out: [(String, TestServer)] = []
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("welfare-srv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let sqlite = try SQLiteDatabase(path: dir.appendingPathComponent("db.sqlite").path)
        out.append(("sqlite", try TestServer(db: sqlite) { await sqlite.close(); try? FileManager.default.removeItem(at: dir) }))
        if let base = ProcessInfo.processInfo.environment["WELFARE_TEST_POSTGRES"], !base.isEmpty {
            let name = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try PostgresDatabase(url: base, connections: 1)
            try await admin.read { c in try c.executeScript("CREATE DATABASE \(name)") }
            let slash = base.range(of: "/", options: .backwards)!
            let pg = try PostgresDatabase(url: String(base[..<slash.upperBound]) + name)
            out.append(("postgres", try TestServer(db: pg) {
                await pg.close()
                _ = try? await admin.read { c in try c.executeScript("DROP DATABASE IF EXISTS \(name)") }
                await admin.close()
            }))
        } else if ProcessInfo.processInfo.environment["WELFARE_REQUIRE_POSTGRES"] == "1" {
            XCTFail("WELFARE_REQUIRE_POSTGRES=1 but WELFARE_TEST_POSTGRES is not set")
        }
        for (_, s) in out { try await s.start(persons: persons, clients: clients, directory: directory, configure: configure) }
        return out
    }

    /// The server's own session store (its settings, its caches).
    var sessions: SessionStore!

    func start(persons: Int, clients: Int = 0, directory: DirectorySettings? = nil,
               configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        try await store.db.write { [store] c in try SchemaMigrator(site: store.site).migrate(c) }
        try await store.site.prepare(store, demo: true, counts: ["contacts.Person": persons, "pcsw.Client": clients])
        var config = ServerConfiguration()
        config.port = 0
        config.webRoot = Self.web.path
        configure(&config)
        let server = WelfareServer(store: store, configuration: config, directory: directory.map(Directory.init))
        sessions = server.sessions
        var logger = Logger(label: "test")
        logger.logLevel = .critical  // stopping a server by cancelling it logs harmless errors
        let ready = AsyncStream<Int>.makeStream()
        let app = server.application(logger: logger) { port in ready.continuation.yield(port) }
        task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for await p in ready.stream { port = p; break }
    }

    func stop() async {
        task?.cancel()
        _ = try? await task?.value
        await cleanup()
    }

    func client() -> TestClient { TestClient(base: "http://127.0.0.1:\(port)") }
}

/// An HTTP client over a real socket, keeping the session cookie and CSRF token.
final class TestClient: @unchecked Sendable {
    // @unchecked: used from one test at a time.
    let base: String
    var cookie: String?
    var csrf: String?
    let session: URLSession

    init(base: String) {
        self.base = base
        let config = URLSessionConfiguration.ephemeral
        config.httpShouldSetCookies = false
        config.httpCookieAcceptPolicy = .never
        session = URLSession(configuration: config)
    }

    struct Answer {
        let status: Int
        let json: JSON?
        let text: String
        let headers: [String: String]
        let data: Data
        var error: String? { json?["error"]?["code"]?.stringValue }
    }

    @discardableResult
    func send(_ method: String, _ path: String, json: JSON? = nil, raw: Data? = nil, csrf sendCSRF: Bool = true,
              headers: [String: String] = [:]) async throws -> Answer {
        var req = URLRequest(url: URL(string: base + path)!)
        req.httpMethod = method
        if let cookie { req.setValue(cookie, forHTTPHeaderField: "Cookie") }
        if sendCSRF, method != "GET", let csrf { req.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
        for (k, v) in headers { req.setValue(v, forHTTPHeaderField: k) }
        if let json { req.httpBody = Data(json.serialized().utf8); req.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let raw { req.httpBody = raw }
        let (data, response) = try await session.data(for: req)
        let http = response as! HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
        if let set = h["set-cookie"], set.hasPrefix("welfare_session=") {
            let value = String(set.prefix { $0 != ";" })
            cookie = value == "welfare_session=" ? nil : value
        }
        let text = String(decoding: data, as: UTF8.self)
        return Answer(status: http.statusCode, json: JSON.parse(data), text: text, headers: h, data: data)
    }

    func get(_ path: String) async throws -> Answer { try await send("GET", path) }

    /// Logs in and keeps the CSRF token.
    @discardableResult
    func login(_ user: String, _ password: String = "1234", headers: [String: String] = [:]) async throws -> Answer {
        let a = try await send("POST", "/auth/login", json: ["username": .string(user), "password": .string(password)], headers: headers)
        csrf = a.json?["csrfToken"]?.stringValue
        return a
    }
}
