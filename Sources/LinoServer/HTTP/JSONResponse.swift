import Foundation
import HTTPTypes
import Hummingbird
import Lino
import NIOCore

/// Building JSON responses and reading JSON requests.
enum HTTPJSON {
    static let maxBody = 1 << 20

    static func response(_ json: JSON, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        for f in extra { headers[f.name] = f.value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.serializedBytes())))
    }

    static func response(text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        for f in extra { headers[f.name] = f.value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ e: LinoError, headers: HTTPFields = [:]) -> Response {
        response(e.body, status: HTTPResponse.Status(code: e.status), headers: headers)
    }

    static func error(status: HTTPResponse.Status, code: String, message: String) -> Response {
        response(["error": ["code": .string(code), "message": .string(message)]], status: status)
    }

    /// Reads the body as JSON: nil for an empty body, 400 when malformed, 413 when too large.
    static func body(_ request: Request, site: Site, language: String, limit: Int = maxBody) async throws -> JSON? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw TooLarge()
        }
        if buffer.readableBytes == 0 { return nil }
        guard let json = JSON.parse(Data(buffer.readableBytesView)) else {
            throw LinoError.badRequest(site.t("Malformed JSON.", language))
        }
        return json
    }

    struct TooLarge: Error {}

    /// Query parameters as a dictionary (the last value wins). A `+` is a space,
    /// as browsers' URLSearchParams write it (form encoding).
    static func query(_ request: Request) -> [String: String] {
        var q: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            q[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return q
    }
}
