import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the browser shell (`web/`) from memory: read once at start-up,
/// gzipped once, answered with an ETag so that a reload costs a 304.
/// The shell is small (a budget of 300 KB), so memory is not a concern.
/// In development (`--dev`) each request reads its file from disk instead.
struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    struct File: Sendable {
        let body: ByteBuffer
        let gzipped: ByteBuffer?
        let etag: String
        let contentType: String
    }

    let files: [String: File]
    /// Set in development (`welfare serve --dev`): every request reads the file from this folder.
    let devRoot: URL?

    /// - Parameter fromDisk: read each file from disk on every request (for working on the shell).
    init(root: String, fromDisk: Bool = false) {
        let base = URL(fileURLWithPath: root).standardizedFileURL
        devRoot = fromDisk ? base : nil
        var files: [String: File] = [:]
        if !fromDisk {
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                guard let file = Self.load(url) else { continue }
                files[String(url.standardizedFileURL.path.dropFirst(base.path.count))] = file
            }
        }
        self.files = files
    }

    /// A file read and prepared for serving (gzipped when it is text worth compressing).
    static func load(_ url: URL) -> File? {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
              let data = try? Data(contentsOf: url) else { return nil }
        let type = contentType(url.pathExtension)
        let buffer = ByteBuffer(bytes: data)
        var gz: ByteBuffer? = nil
        if type.hasPrefix("text/") || type.contains("javascript") || type.contains("json") || type.contains("svg"), data.count > 512 {
            var copy = buffer
            gz = try? copy.compress(with: .gzip())
        }
        var hasher = Hasher()
        hasher.combine(data)
        let etag = "\"\(String(UInt64(bitPattern: Int64(hasher.finalize())), radix: 36))\""
        return File(body: buffer, gzipped: gz, etag: etag, contentType: type)
    }

    /// The file for a request path: from memory, or in development from disk
    /// (only below the root: the path is standardized first).
    func file(_ path: String) -> File? {
        guard let devRoot else { return files[path] }
        let url = devRoot.appendingPathComponent(String(path.dropFirst())).standardizedFileURL
        guard url.path.hasPrefix(devRoot.path + "/") else { return nil }
        return Self.load(url)
    }

    static func contentType(_ ext: String) -> String {
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path == "/" ? "/index.html" : request.uri.path
        guard let file = file(path) else { return try await next(request, context) }
        var headers: HTTPFields = [.contentType: file.contentType, .eTag: file.etag, .cacheControl: "no-cache"]
        if request.headers[.ifNoneMatch] == file.etag { return Response(status: .notModified, headers: headers) }
        var body = file.body
        if let gz = file.gzipped, request.headers[.acceptEncoding]?.contains("gzip") == true {
            body = gz
            headers[.contentEncoding] = "gzip"
        }
        headers[.vary] = "Accept-Encoding"
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: body))
    }
}
