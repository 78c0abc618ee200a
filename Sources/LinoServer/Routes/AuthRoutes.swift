import Foundation
import HTTPTypes
import Hummingbird
import Lino

/// Login, logout, the current user, language and password of the user, "act as".
struct AuthRoutes {
    let api: APIService
    let sessions: SessionStore
    let secureCookies: Bool
    var site: Site { api.site }

    func cookie(_ value: String, maxAge: Int?) -> String {
        Cookie(name: SessionMiddleware.cookieName, value: value, maxAge: maxAge, path: "/", secure: secureCookies,
               httpOnly: true, sameSite: .strict).description
    }

    func register(on router: Router<AppContext>) {
        router.post("auth/login") { req, ctx in
            await APIRoutes.answer(ctx.logger, site: site) {
                let lang = site.defaultLanguage
                let body = try await HTTPJSON.body(req, site: site, language: lang)
                guard let username = body?["username"]?.stringValue, let password = body?["password"]?.stringValue,
                      !username.isEmpty, username.count <= 100, password.count <= 1000 else {
                    throw LinoError.validation(message: site.t("Please enter your user name and password.", lang),
                                               fields: ["username": site.t("This field is required.", lang)])
                }
                let s = try await sessions.login(username: username, password: password, clientAddress: ctx.clientAddress, language: lang)
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
                try await sessions.actAs(token: s.token, realUserID: s.user.realUserID ?? s.user.id,
                                         otherUserID: body?["user"]?.intValue, language: s.user.language)
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
                try await sessions.changePassword(userID: s.user.realUserID ?? s.user.id, current: body?["current"]?.stringValue ?? "",
                                                  new: body?["new"]?.stringValue ?? "", language: s.user.language)
                return HTTPJSON.response(["message": .string(site.t("Your password has been changed.", s.user.language))])
            }
        }
    }
}
