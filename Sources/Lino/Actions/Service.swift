import Foundation

/// An endpoint a plugin adds beside the tables (`/api/services/<plugin>/<name>`),
/// for work that is not one table's rows: reading an eID card, a CBSS request...
/// The server checks the session (and the CSRF token for POST) and the roles;
/// the handler checks whatever else it touches through the RecordStore.
public struct Service: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }

    /// `<plugin>/<name>`, e.g. `beid/preview`.
    public let path: String
    public let method: Method
    /// The user needs one of these roles (empty: any logged-in user).
    public let roles: [Role]
    public let run: @Sendable (ServiceRequest) async throws -> ServiceAnswer

    public init(_ path: String, method: Method = .post, roles: [Role] = [],
                run: @escaping @Sendable (ServiceRequest) async throws -> ServiceAnswer) {
        self.path = path
        self.method = method
        self.roles = roles
        self.run = run
    }

    public func allows(_ user: UserContext) -> Bool { user.has(roles) }
}

public struct ServiceRequest: Sendable {
    public let store: RecordStore
    public let user: UserContext
    /// The JSON body of a POST (an empty object for GET).
    public let body: JSONObject
    public let query: [String: String]
    public var site: Site { store.site }

    public init(store: RecordStore, user: UserContext, body: JSONObject, query: [String: String]) {
        self.store = store
        self.user = user
        self.body = body
        self.query = query
    }
}

public enum ServiceAnswer: Sendable {
    case json(JSON)
    case bytes(contentType: String, [UInt8])
}
