/// A user role (Lino's `UserRole` classes): a named capability that tables,
/// fields and actions require.
public struct Role: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
    public var description: String { name }
}

/// A user type bundles roles (Lino's `UserTypes` choice list: 100, 110, ..., 900).
public struct UserType: Sendable {
    public let value: String
    /// English text; translated through the locale catalogues.
    public let text: String
    public let roles: Set<Role>

    public init(_ value: String, _ text: String, roles: Set<Role>) {
        self.value = value
        self.text = text
        self.roles = roles
    }

    /// True when the type has one of the roles of `required` (an empty list asks
    /// nothing). A role list means the same everywhere — tables, fields, actions,
    /// transitions, services, layout panels: any one of them is enough, as Lino's
    /// "(ContactsStaff, SocialCoordinator)" tuples are.
    public func has(_ required: [Role]) -> Bool { required.isEmpty || required.contains(where: roles.contains) }
}

/// The logged-in user as the framework sees it.
public struct UserContext: Sendable {
    public let id: Int64
    public let username: String
    public let fullName: String
    public let language: String
    public let userType: UserType
    /// Set while working as another user (an authority lets `realUserID` act as `id`).
    public let realUserID: Int64?
    /// The session the request came with (nil outside a request: CLI, demo data).
    public var sessionToken: String?

    public init(id: Int64, username: String, fullName: String, language: String, userType: UserType, realUserID: Int64? = nil,
                sessionToken: String? = nil) {
        self.sessionToken = sessionToken
        self.id = id
        self.username = username
        self.fullName = fullName
        self.language = language
        self.userType = userType
        self.realUserID = realUserID
    }

    public func has(_ roles: [Role]) -> Bool { userType.has(roles) }

    /// Whether this user works as someone else (an authority lends them that user's rights).
    public var isActingAsOther: Bool { realUserID != nil && realUserID != id }
}
