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
    /// A question to ask before anything is done: the shell asks it and sends the
    /// request again with `confirmed: true`.
    public var confirm: String?

    public init(message: String? = nil, refresh: Bool = false, open: (table: String, id: Value)? = nil, url: String? = nil,
                confirm: String? = nil) {
        self.message = message
        self.refresh = refresh
        self.open = open
        self.url = url
        self.confirm = confirm
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
    /// The user answered yes to the action's question (`ActionResult.confirm`).
    public var confirmed: Bool = false
}

/// A workflow: a state field from a choice list and the transitions between states.
/// A transition may ask parameters (Refuse: the reason), ask a question computed
/// from the record first ("This will end 2 coachings of X."), and have effects
/// written in the same transaction through the same writer.
public struct Workflow: Sendable {
    public struct Transition: Sendable {
        public let name: String
        public let label: String
        /// States from which the transition may be taken (empty: any other state).
        public let from: [String]
        public let to: String
        /// Roles of which the user needs one (empty: whoever may edit the table).
        public let roles: [Role]
        /// Extra condition on the record (e.g. "only when the client has a coach").
        public let condition: (@Sendable (RecordView) -> Bool)?
        /// Fields of the parameter dialog.
        public var params: [Field] = []
        /// The question asked before the transition, or nil for none.
        public var confirm: (@Sendable (TransitionContext) throws -> String?)?
        /// What else changes with the state (as the system, on behalf of the user).
        public var effect: (@Sendable (TransitionContext) throws -> Void)?
        /// The notice shown afterwards.
        public var message: (@Sendable (TransitionContext) -> String?)?

        public init(_ name: String, label: String, from: [String] = [], to: String, roles: [Role] = [],
                    params: [Field] = [], condition: (@Sendable (RecordView) -> Bool)? = nil,
                    confirm: (@Sendable (TransitionContext) throws -> String?)? = nil,
                    effect: (@Sendable (TransitionContext) throws -> Void)? = nil,
                    message: (@Sendable (TransitionContext) -> String?)? = nil) {
            self.name = name
            self.label = label
            self.from = from
            self.to = to
            self.roles = roles
            self.params = params
            self.condition = condition
            self.confirm = confirm
            self.effect = effect
            self.message = message
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

/// What a transition's question, effect and message see: the record before the
/// change, the dialog's parameters, the user, and the writer of the transaction.
public struct TransitionContext {
    public let record: Record
    public let params: [String: Value]
    public let user: UserContext
    public let writer: Writer
    public var site: Site { writer.site }
    public var language: String { user.language }
    /// The record's title in the user's language.
    public var title: String { record.title(user.language, site: writer.site) }
    /// Translates a message into the user's language.
    public func t(_ msgid: String, _ args: [String: String] = [:]) -> String { writer.site.t(msgid, user.language, args) }
}
