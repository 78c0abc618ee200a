import HTTPTypes
import Hummingbird
import Lino
import NIOCore

/// The request context: where the request comes from and, once the session
/// middleware ran, who sent it.
public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var session: Session?
    /// The client's address for login throttling and logs: the socket peer, or what a
    /// trusted proxy says (`ClientAddressMiddleware`).
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        clientAddress = remoteAddress?.ipAddress ?? "unknown"
    }

    /// JSON bodies are small; anything larger is refused with 413.
    public var maxUploadSize: Int { 1 << 20 }
}

/// Sets `clientAddress` from `X-Forwarded-For` when the peer is a trusted proxy.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    let resolver: ClientAddressResolver

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard !resolver.trustedProxies.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = resolver.resolve(peer: context.clientAddress, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}
