import Foundation
import Hummingbird
import Lino
import Logging
import NIOCore

/// How the HTTP server runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The folder of the browser shell (`web/`).
    public var webRoot = "web"
    /// Read the shell's files from `webRoot` on every request (working on the shell
    /// against the real server: an edit shows at the next reload).
    public var webFromDisk = false
    /// Mark the session cookie Secure and send Strict-Transport-Security (behind HTTPS).
    public var secureCookies = false
    /// Reverse proxies whose `X-Forwarded-For` is believed (none by default).
    public var trustedProxies: [AddressRange] = []
    /// Origins other than the site's own that may post a login (`https://intranet.example`).
    public var allowedOrigins: [String] = []
    /// Sessions end this long after login (`sessionMaxHours`).
    public var sessionMaxHours: Double = 12

    public init() {}
}

/// Builds the Hummingbird application: middleware, static shell and API routes.
public struct WelfareServer: Sendable {
    public let api: APIService
    public let sessions: SessionStore
    public let configuration: ServerConfiguration

    public init(store: RecordStore, configuration: ServerConfiguration, directory: Directory? = nil) {
        self.api = APIService(site: store.site, store: store)
        var sessions = SessionStore(store: store, directory: directory)
        sessions.maxLifetime = configuration.sessionMaxHours * 3600
        self.sessions = sessions
        self.configuration = configuration
    }

    public func router(logger: Logger) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: ClientAddressMiddleware(resolver: ClientAddressResolver(trustedProxies: configuration.trustedProxies)))
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: configuration.secureCookies))
        router.add(middleware: StaticFilesMiddleware(root: configuration.webRoot, fromDisk: configuration.webFromDisk))
        router.add(middleware: SessionMiddleware(sessions: sessions, site: api.site))
        router.add(middleware: AccessLogMiddleware())
        let db = api.store.db
        router.get("healthz") { _, _ in
            let ok = (try? await db.read { c in try c.scalar("SELECT 1").intValue }) == 1
            return HTTPJSON.response(["status": .string(ok ? "ok" : "database unavailable")], status: ok ? .ok : .serviceUnavailable)
        }
        let openapi = OpenAPIDocument.make(site: api.site).serialized()
        router.get("api/openapi.json") { _, _ in HTTPJSON.response(text: openapi, headers: [.cacheControl: "no-cache"]) }
        AuthRoutes(api: api, sessions: sessions, secureCookies: configuration.secureCookies,
                   allowedOrigins: configuration.allowedOrigins).register(on: router)
        APIRoutes(api: api, sessions: sessions).register(on: router)
        return router
    }

    /// The application; `onRunning` receives the bound port (useful with port 0 in tests).
    public func application(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(logger: logger),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "welfare"),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }
}
