/// On whose behalf a write happens: a user, whose permissions the writer checks,
/// or the system, which needs a reason (demo data, migrations, the consequences
/// of a write a user was allowed to make).
public enum Actor: Sendable {
    case user(UserContext)
    /// Unchecked writes. `onBehalfOf` is the user whose request caused them: it is
    /// recorded as the author (change log, `.currentUser` defaults), not checked.
    case system(reason: String, onBehalfOf: UserContext? = nil)

    /// The user recorded as the author, if any.
    public var user: UserContext? {
        switch self {
        case .user(let u): return u
        case .system(_, let u): return u
        }
    }

    /// The user whose permissions apply; nil for the system.
    public var checkedUser: UserContext? {
        if case .user(let u) = self { return u }
        return nil
    }

    /// What hooks and workflow effects run as: the system, on behalf of the same user.
    func consequence(_ reason: String) -> Actor {
        switch self {
        case .user(let u): return .system(reason: reason, onBehalfOf: u)
        case .system(let r, let u): return .system(reason: r + " / " + reason, onBehalfOf: u)
        }
    }
}
