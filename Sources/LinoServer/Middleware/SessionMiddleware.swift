import HTTPTypes
import Hummingbird
import Lino
import Logging

/// Finds the session of the cookie for API routes, refuses anonymous requests
/// with 401, and checks the CSRF token of every state-changing request.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let cookieName = "welfare_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    let sessions: SessionStore
    let site: Site

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path == "/auth/me" || path == "/auth/logout" || path == "/auth/act-as" else {
            return try await next(request, context)
        }
        if path == "/api/openapi.json" { return try await next(request, context) }
        let lang = site.defaultLanguage
        guard let token = request.cookies[Self.cookieName]?.value,
              let session = try await sessions.session(token: token) else {
            return HTTPJSON.error(.notAuthenticated(site.t("Please log in.", lang)))
        }
        if request.method != .get && request.method != .head {
            guard let sent = request.headers[Self.csrfHeader], constantTimeEqual(sent, session.csrfToken) else {
                return HTTPJSON.response(["error": ["code": "csrf", "message": .string(site.t("Your session token is missing or wrong. Please reload the page.", session.user.language))]],
                                         status: .forbidden)
            }
        }
        var context = context
        context.session = session
        context.logger[metadataKey: "user"] = .string(session.user.username)
        return try await next(request, context)
    }

    func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in 0..<x.count { d |= x[i] ^ y[i] }
        return d == 0
    }
}
