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
        for pair in (request.uri.query ?? "").utf8.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            q[formDecoded(parts[0])] = parts.count > 1 ? formDecoded(parts[1]) : ""
        }
        return q
    }

    /// `+` as a space and `%XX` as its byte (UTF-8); a malformed escape stays as typed.
    /// Byte-wise: it runs for every parameter of every request.
    static func formDecoded(_ s: Substring.UTF8View) -> String {
        guard s.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(Substring(s)) }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), let a = s.index(i, offsetBy: 1, limitedBy: s.endIndex), a < s.endIndex,
                      let b = s.index(a, offsetBy: 1, limitedBy: s.endIndex), b < s.endIndex,
                      let hi = hex(s[a]), let lo = hex(s[b]) {
                out.append(hi << 4 | lo)
                i = b
            } else {
                out.append(c)
            }
            i = s.index(after: i)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
