import Foundation
import HTTPTypes
import Hummingbird
import Lino

/// Login, logout, the current user, language and password of the user, "act as".
struct AuthRoutes {
    let api: APIService
    let sessions: SessionStore
    let secureCookies: Bool
    let allowedOrigins: [String]
    var site: Site { api.site }

    /// Login CSRF: a login is a JSON request (a cross-site form cannot send one
    /// without a preflight) and, when the browser names its origin, from this site.
    func checkLoginRequest(_ req: Request, language lang: String) throws {
        let type = req.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            throw LinoError.badRequest(site.t("A login must be sent as JSON.", lang))
        }
        guard let origin = req.headers[.origin] else { return }
        if allowedOrigins.contains(origin) { return }
        guard let url = URL(string: origin), let authority = req.head.authority, OriginCheck.sameSite(origin: url, host: authority) else {
            throw LinoError.forbidden(site.t("A login from another site is refused.", lang))
        }
    }

    /// The site's language the browser prefers (Accept-Language), else the default.
    func browserLanguage(_ req: Request) -> String {
        AcceptLanguage.best(req.headers[.acceptLanguage], supported: site.languages) ?? site.defaultLanguage
    }

    /// What the login screen needs before anyone logged in: the site's name and
    /// languages, and the translations of the message ids it asks for
    /// (`?ids=Username,Password`, at most 50) in `?lang=` or the browser's language.
    func loginSite(_ req: Request) -> JSONObject {
        let query = HTTPJSON.query(req)
        let asked = query["lang"].flatMap { site.languages.contains($0) ? $0 : nil }
        let lang = asked ?? browserLanguage(req)
        var strings = JSONObject()
        let ids = (query["ids"] ?? "").split(separator: ",").prefix(50).map(String.init)
        for id in ids where !id.isEmpty && !ControlCharacters.contains(id) { strings[id] = .string(site.t(id, lang)) }
        return [
            "siteName": .string(site.name),
            "language": .string(lang),
            "languages": .array(site.languages.map { .object(["code": .string($0), "name": .string(Localizer.languageNames[$0] ?? $0)]) }),
            "strings": .object(strings),
        ]
    }

    func cookie(_ value: String, maxAge: Int?) -> String {
        Cookie(name: SessionMiddleware.cookieName, value: value, maxAge: maxAge, path: "/", secure: secureCookies,
               httpOnly: true, sameSite: .strict).description
    }

    func register(on router: Router<AppContext>) {
        router.get("auth/site") { req, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                HTTPJSON.response(.object(loginSite(req)))
            }
        }
        router.post("auth/login") { req, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                var lang = browserLanguage(req)
                try checkLoginRequest(req, language: lang)
                let body = try await HTTPJSON.body(req, site: site, language: lang)
                // The login form's language (chosen on the login screen) for its messages.
                if let chosen = body?["language"]?.stringValue, site.languages.contains(chosen) { lang = chosen }
                let typed = SessionStore.normalizedUsername(body?["username"]?.stringValue ?? "")
                let password = body?["password"]?.stringValue ?? ""
                func refuse(_ field: String, _ message: String, _ args: [String: String] = [:]) -> LinoError {
                    .validation(message: site.t("Please enter your user name and password.", lang), fields: [field: site.t(message, lang, args)])
                }
                if typed.isEmpty { throw refuse("username", "This field is required.") }
                if password.isEmpty { throw refuse("password", "This field is required.") }
                if typed.count > 100 { throw refuse("username", "At most {n} characters.", ["n": "100"]) }
                if password.count > 1000 { throw refuse("password", "At most {n} characters.", ["n": "1000"]) }
                // A NUL or another control character would make a second name for the same user
                // (and a second throttle counter), or cut a password short in libcrypt: refused, not cleaned.
                if ControlCharacters.contains(typed) { throw refuse("username", "This text contains control characters.") }
                if ControlCharacters.contains(password) { throw refuse("password", "This text contains control characters.") }
                let s: Session
                do {
                    s = try await sessions.login(username: typed, password: password, clientAddress: ctx.clientAddress, language: lang)
                } catch let e as LinoError {
                    ctx.logger.info("login refused", metadata: ["user": .string(typed), "client": .string(ctx.clientAddress), "code": .string(e.code)])
                    throw e
                }
                let username = s.user.username
                ctx.logger.info("login", metadata: ["user": .string(username), "client": .string(ctx.clientAddress)])
                return HTTPJSON.response(["user": api.userJSON(s.user), "csrfToken": .string(s.csrfToken)],
                                         headers: [.setCookie: cookie(s.token, maxAge: nil)])
            }
        }
        router.post("auth/logout") { _, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                if let s = ctx.session { try await sessions.logout(token: s.token) }
                return HTTPJSON.response(.object([:]), headers: [.setCookie: cookie("", maxAge: 0)])
            }
        }
        router.get("auth/me") { _, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                guard let s = ctx.session else { throw LinoError.notAuthenticated(site.t("Please log in.", site.defaultLanguage)) }
                return HTTPJSON.response(["user": api.userJSON(s.user), "csrfToken": .string(s.csrfToken)])
            }
        }
        router.post("auth/act-as") { req, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                guard let s = ctx.session else { throw LinoError.notAuthenticated(site.t("Please log in.", site.defaultLanguage)) }
                let body = try await HTTPJSON.body(req, site: site, language: s.user.language)
                try await sessions.actAs(s.user, otherUserID: body?["user"]?.intValue, clientAddress: ctx.clientAddress)
                return HTTPJSON.response(.object([:]))
            }
        }
        router.post("api/me/language") { req, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                guard let s = ctx.session else { throw LinoError.notAuthenticated(site.t("Please log in.", site.defaultLanguage)) }
                let body = try await HTTPJSON.body(req, site: site, language: s.user.language)
                try await sessions.setLanguage(userID: s.user.realUserID ?? s.user.id, language: body?["language"]?.stringValue ?? "")
                return HTTPJSON.response(.object([:]))
            }
        }
        router.post("api/me/password") { req, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                guard let s = ctx.session else { throw LinoError.notAuthenticated(site.t("Please log in.", site.defaultLanguage)) }
                let body = try await HTTPJSON.body(req, site: site, language: s.user.language)
                try await sessions.changePassword(s.user, current: body?["current"]?.stringValue ?? "",
                                                  new: body?["new"]?.stringValue ?? "", clientAddress: ctx.clientAddress)
                return HTTPJSON.response(["message": .string(site.t("Your password has been changed.", s.user.language))])
            }
        }
    }
}
