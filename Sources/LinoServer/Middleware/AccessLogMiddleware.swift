import Foundation
import Hummingbird
import Logging

/// One structured log line per request: changes (POST/PUT/DELETE) and errors at
/// `info` (an audit trail of who changed what), reads at `debug` so that a busy
/// server does not spend its time logging.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let isChange = request.method != .get && request.method != .head
        let level: Logger.Level = response.status.code >= 500 ? .error : (isChange || response.status.code >= 400 ? .info : .debug)
        if context.logger.logLevel <= level {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            context.logger.log(level: level, "\(request.method) \(request.uri.path)", metadata: [
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.2f", ms)),
                "user": .string(context.session?.user.username ?? "-"),
                "client": .string(context.clientAddress),
            ])
        }
        return response
    }
}
