import BeID
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The helper's HTTP answers (docs/EID.md): `GET /status`, `GET /card`, and the
/// CORS preflights browsers send. Only the configured origins get an answer,
/// and only under the loopback host names (no DNS rebinding).
struct HelperRoutes: Sendable {
    let service: CardService
    let origins: Set<String>
    let port: Int
    static let version = "welfare-eid-helper 1.0"

    func register(on router: Router<BasicRequestContext>) {
        for path in ["status", "card"] {
            router.on(RouterPath(stringLiteral: path), method: .options) { req, _ in preflight(req) }
        }
        router.get("status") { req, _ in
            await guarded(req) { origin in
                let wait = Int(req.uri.queryParameters["wait"].map(String.init) ?? "") ?? 0
                let since = req.uri.queryParameters["since"].map(String.init)
                let s = try await service.status(waitSeconds: wait, since: since)
                let readers: [[String: Any]] = s.readers.map { ["name": $0.name, "card": $0.card] }
                return json(["helper": Self.version, "readers": readers, "since": s.signature], origin: origin)
            }
        }
        router.get("card") { req, _ in
            await guarded(req) { origin in
                let r = try await service.read()
                // Card data goes to the browser only: never to a file, never to the log.
                return json(["helper": Self.version, "reader": r.reader, "atr": hex(r.atr), "files": r.files.base64,
                             "milliseconds": r.milliseconds], origin: origin)
            }
        }
    }

    /// Checks host and origin, runs the handler, maps card errors to JSON.
    func guarded(_ req: Request, _ body: (String) async throws -> Response) async -> Response {
        guard hostIsLoopback(req) else { return error(421, "bad_host", "Use http://127.0.0.1:\(port).", origin: nil) }
        guard let origin = req.headers[.origin], origins.contains(origin) else {
            return error(403, "origin", "This origin may not use the eID helper.", origin: nil)
        }
        do {
            return try await body(origin)
        } catch let e as CardError {
            let status: Int
            switch e {
            case .noService, .noReader: status = 503
            case .noCard: status = 404
            case .removed: status = 410
            case .busy: status = 409
            case .unreadable: status = 422
            }
            return error(status, e.code, e.description, origin: origin)
        } catch {
            return self.error(500, "internal", "\(error)", origin: origin)
        }
    }

    func preflight(_ req: Request) -> Response {
        guard hostIsLoopback(req), let origin = req.headers[.origin], origins.contains(origin) else {
            return Response(status: .forbidden)
        }
        var headers = corsHeaders(origin)
        headers[.accessControlAllowMethods] = "GET"
        headers[.accessControlMaxAge] = "600"
        // Chrome's Private Network Access: a public page may call loopback only if we say so.
        if req.headers[HTTPField.Name("Access-Control-Request-Private-Network")!] == "true" {
            headers[HTTPField.Name("Access-Control-Allow-Private-Network")!] = "true"
        }
        return Response(status: .noContent, headers: headers)
    }

    func hostIsLoopback(_ req: Request) -> Bool {
        guard let host = req.head.authority else { return false }
        return ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"].contains(host)
    }

    func corsHeaders(_ origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .vary: "Origin", .cacheControl: "no-store"]
    }

    func json(_ object: [String: Any], status: Int = 200, origin: String?) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = origin.map(corsHeaders) ?? [.cacheControl: "no-store"]
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func error(_ status: Int, _ code: String, _ message: String, origin: String?) -> Response {
        json(["error": code, "message": message], status: status, origin: origin)
    }
}
