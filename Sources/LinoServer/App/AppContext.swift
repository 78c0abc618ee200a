import Hummingbird
import Lino
import NIOCore

/// The request context: where the request comes from and, once the session
/// middleware ran, who sent it.
public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var session: Session?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies are small; anything larger is refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    /// The client's address for login throttling and logs.
    public var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
