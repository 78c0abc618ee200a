import Foundation
import HTTPTypes
import Hummingbird
import Lino
import Logging
import NIOCore

/// Maps the JSON API of docs/API.md onto `APIService`. Thin: parse, call, answer.
struct APIRoutes {
    let api: APIService
    let sessions: SessionStore
    var site: Site { api.site }

    func register(on router: Router<AppContext>) {
        let tables = router.group("api/tables")
        tables.get(":name") { req, ctx in await run(ctx) { user in
            let name = try ctx.parameters.require("name")
            let (text, etag) = try api.tableMetadata(name, user: user)
            if req.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: [.eTag: etag]) }
            return HTTPJSON.response(text: text, headers: [.eTag: etag, .cacheControl: "private, no-cache"])
        } }
        tables.get(":name/rows") { req, ctx in await run(ctx) { user in
            HTTPJSON.response(try await api.rows(try ctx.parameters.require("name"), query: HTTPJSON.query(req), user: user))
        } }
        tables.get(":name/rows/:id") { req, ctx in await run(ctx) { user in
            HTTPJSON.response(try await api.row(try ctx.parameters.require("name"), id: try ctx.parameters.require("id"),
                                                query: HTTPJSON.query(req), user: user))
        } }
        tables.post(":name/rows") { req, ctx in await run(ctx) { user in
            let body = try await HTTPJSON.body(req, site: site, language: user.language)
            let answer = try await api.create(try ctx.parameters.require("name"), body: body, query: HTTPJSON.query(req), user: user)
            // 201 only when a record was made: not for a question, nor for a check
            return HTTPJSON.response(answer, status: answer["row"] != nil ? .created : .ok)
        } }
        tables.put(":name/rows/:id") { req, ctx in await run(ctx) { user in
            let body = try await HTTPJSON.body(req, site: site, language: user.language)
            return HTTPJSON.response(try await api.update(try ctx.parameters.require("name"), id: try ctx.parameters.require("id"), body: body, user: user))
        } }
        tables.delete(":name/rows/:id") { _, ctx in await run(ctx) { user in
            HTTPJSON.response(try await api.delete(try ctx.parameters.require("name"), id: try ctx.parameters.require("id"), user: user))
        } }
        tables.get(":name/summary") { req, ctx in await run(ctx) { user in
            HTTPJSON.response(try await api.summary(try ctx.parameters.require("name"), query: HTTPJSON.query(req), user: user))
        } }
        router.get("api/dashboard") { _, ctx in await run(ctx) { user in HTTPJSON.response(api.dashboard(user: user)) } }
        tables.get(":name/choices/:field") { req, ctx in await run(ctx) { user in
            HTTPJSON.response(try await api.choices(try ctx.parameters.require("name"), field: try ctx.parameters.require("field"),
                                                    query: HTTPJSON.query(req), user: user))
        } }
        tables.post(":name/choices/:field") { req, ctx in await run(ctx) { user in
            let body = try await HTTPJSON.body(req, site: site, language: user.language)
            return HTTPJSON.response(try await api.createChoice(try ctx.parameters.require("name"), field: try ctx.parameters.require("field"),
                                                                body: body, user: user), status: .created)
        } }
        tables.post(":name/actions/:action") { req, ctx in await run(ctx) { user in
            let body = try await HTTPJSON.body(req, site: site, language: user.language) ?? .object([:])
            return HTTPJSON.response(try await api.action(try ctx.parameters.require("name"), action: try ctx.parameters.require("action"),
                                                          body: body, user: user))
        } }
        tables.get(":name/export.csv") { req, ctx in await run(ctx) { user in
            let name = try ctx.parameters.require("name")
            let csv = try await api.exportCSV(name, query: HTTPJSON.query(req), user: user)
            let file = name.replacingOccurrences(of: ".", with: "-") + ".csv"
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                                   .contentDisposition: "attachment; filename=\"\(file)\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        } }
        tables.get(":name/rows/:id/image/:field") { _, ctx in await run(ctx) { user in
            let (type, bytes) = try await api.image(try ctx.parameters.require("name"), id: try ctx.parameters.require("id"),
                                                    field: try ctx.parameters.require("field"), user: user)
            // Personal data: never kept by shared caches or on disk by the browser.
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        } }
        router.post("api/files") { req, ctx in await run(ctx) { user in
            let max = api.store.files?.maxBytes ?? 0
            let buffer: ByteBuffer
            do {
                buffer = try await req.body.collect(upTo: max + 1)
            } catch is NIOTooManyBytesError {
                throw api.fileTooLarge(max, user)
            }
            let name = req.headers[HTTPField.Name("X-File-Name")!].flatMap { $0.removingPercentEncoding } ?? "file"
            return HTTPJSON.response(try api.stageFile(Array(buffer.readableBytesView), name: name, user: user), status: .created)
        } }
        tables.get(":name/rows/:id/file/:field") { req, ctx in await run(ctx) { user in
            let file = try await api.file(try ctx.parameters.require("name"), id: try ctx.parameters.require("id"),
                                          field: try ctx.parameters.require("field"), user: user)
            let download = HTTPJSON.query(req)["download"] == "1"
            // The name is the user's: only plain characters go into the header, the rest percent-encoded.
            let ascii = file.name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? String($0) : "_" }.joined()
            let encoded = file.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
            // Personal data: never cached; a document shown inline runs no script (sandbox).
            return Response(status: .ok, headers: [
                .contentType: file.type, .cacheControl: "private, no-store",
                .contentDisposition: "\(download ? "attachment" : "inline"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
                .contentSecurityPolicy: "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
            ], body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        } }
        router.get("api/services/:plugin/:name") { req, ctx in await run(ctx) { user in
            try await service(ctx, method: .get, body: [:], query: HTTPJSON.query(req), user: user)
        } }
        router.post("api/services/:plugin/:name") { req, ctx in await run(ctx) { user in
            let body = try await HTTPJSON.body(req, site: site, language: user.language)
            guard case .object(let o)? = body ?? .object([:]) else {
                throw LinoError.badRequest(site.t("The request body must be a JSON object.", user.language))
            }
            return try await service(ctx, method: .post, body: o, query: HTTPJSON.query(req), user: user)
        } }
        router.get("api/site") { _, ctx in await run(ctx) { user in
            var site = api.siteInfo(user: user, csrfToken: ctx.session!.csrfToken)
            // Whom this user may work as (per user, so not in the cached metadata).
            let choices = try await sessions.actAsChoices(realUserID: user.realUserID ?? user.id)
            if case .object(var o) = site {
                o["actAs"] = .array(choices.map { .object(["id": .int($0.id), "text": .string($0.text)]) })
                site = .object(o)
            }
            return HTTPJSON.response(site)
        } }
    }

    func service(_ ctx: AppContext, method: Service.Method, body: JSONObject, query: [String: String], user: UserContext) async throws -> Response {
        let path = try ctx.parameters.require("plugin") + "/" + ctx.parameters.require("name")
        switch try await api.service(path, method: method, body: body, query: query, user: user) {
        case .json(let j): return HTTPJSON.response(j)
        case .bytes(let type, let bytes):
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Runs a handler for the logged-in user and turns every error into a JSON answer.
    func run(_ ctx: AppContext, _ body: (UserContext) async throws -> Response) async -> Response {
        guard let session = ctx.session else {
            return HTTPJSON.error(.notAuthenticated(site.t("Please log in.", site.defaultLanguage)))
        }
        return await Self.answer(ctx.logger, site: site, language: session.user.language) { try await body(session.user) }
    }

    static func answer(_ logger: Logger, site: Site, language: String? = nil, _ body: () async throws -> Response) async -> Response {
        let lang = language ?? site.defaultLanguage
        do {
            return try await body()
        } catch let e as LinoError {
            return HTTPJSON.error(e)
        } catch is StaleEdit {
            // A stale save below the table API (a workflow transition, an eID update).
            return HTTPJSON.error(.conflict(message: site.t("Someone else changed this record in the meantime. Reload it to see their changes.", lang),
                                            current: nil))
        } catch is HTTPJSON.TooLarge {
            return HTTPJSON.error(status: .contentTooLarge, code: "too_large", message: site.t("The request is too large.", lang))
        } catch let e as StoreError where e.kind == .invalidInput {
            return HTTPJSON.error(.badRequest(site.t("The request contains characters that are not allowed.", lang)))
        } catch let e as StoreError where e.kind == .busy {
            logger.warning("database busy: \(e)")
            return HTTPJSON.error(status: .serviceUnavailable, code: "busy", message: site.t("The database is busy. Please try again.", lang))
        } catch {
            logger.error("internal error: \(String(reflecting: error))")
            return HTTPJSON.error(status: .internalServerError, code: "internal", message: site.t("An internal error occurred. It has been logged.", lang))
        }
    }
}
