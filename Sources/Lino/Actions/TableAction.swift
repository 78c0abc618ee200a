/// Which rows an action works on.
public enum ActionSelection: String, Sendable {
    /// Works on the table, no row needed (e.g. "Read eID card").
    case none
    case single
    case multiple
}

/// What the shell should do after an action.
public struct ActionResult: Sendable {
    public var message: String?
    public var refresh: Bool
    /// Open a record's detail: (table, id).
    public var open: (table: String, id: Value)?
    public var url: String?

    public init(message: String? = nil, refresh: Bool = false, open: (table: String, id: Value)? = nil, url: String? = nil) {
        self.message = message
        self.refresh = refresh
        self.open = open
        self.url = url
    }
}

/// A custom action of a table, checked on the server for the user's roles.
public struct TableAction: Sendable {
    public let name: String
    /// English label.
    public let label: String
    public let roles: [Role]
    public let selection: ActionSelection
    /// Parameter fields for the action's dialog.
    public let params: [Field]
    /// Runs in the browser (a handler the shell knows by this name, e.g. `eid.read`,
    /// which then calls plugin services); `run` is never called then.
    public let client: String?
    public let run: @Sendable (ActionRequest) async throws -> ActionResult

    public init(_ name: String, label: String, roles: [Role] = [], selection: ActionSelection = .single,
                params: [Field] = [], run: @escaping @Sendable (ActionRequest) async throws -> ActionResult) {
        self.name = name
        self.label = label
        self.roles = roles
        self.selection = selection
        self.params = params
        self.client = nil
        self.run = run
    }

    /// An action the shell runs itself (see `client`).
    public init(_ name: String, label: String, roles: [Role] = [], selection: ActionSelection = .none, client: String) {
        self.name = name
        self.label = label
        self.roles = roles
        self.selection = selection
        self.params = []
        self.client = client
        self.run = { r in throw LinoError.badRequest(r.site.t("This action runs in the browser.", r.user.language)) }
    }
}

/// Everything an action's code receives.
public struct ActionRequest: Sendable {
    public let site: Site
    public let table: TableInfo
    public let user: UserContext
    public let ids: [Value]
    public let params: [String: Value]
    public let store: RecordStore
}

/// A workflow: a state field from a choice list and the transitions between states.
public struct Workflow: Sendable {
    public struct Transition: Sendable {
        public let name: String
        public let label: String
        /// States from which the transition may be taken (empty: any other state).
        public let from: [String]
        public let to: String
        public let roles: [Role]
        /// Extra condition on the record (e.g. "only when the client has a coach").
        public let condition: (@Sendable (RecordView) -> Bool)?

        public init(_ name: String, label: String, from: [String] = [], to: String, roles: [Role] = [],
                    condition: (@Sendable (RecordView) -> Bool)? = nil) {
            self.name = name
            self.label = label
            self.from = from
            self.to = to
            self.roles = roles
            self.condition = condition
        }

        /// True when `user` may take this transition on a record in `record`'s state.
        public func allowed(on record: RecordView, field: String, user: UserContext) -> Bool {
            let state = record.string(field)
            guard state != to, from.isEmpty || from.contains(state), user.has(roles) else { return false }
            return condition?(record) ?? true
        }
    }

    public let field: String
    public let transitions: [Transition]

    public init(field: String, transitions: [Transition]) {
        self.field = field
        self.transitions = transitions
    }
}
