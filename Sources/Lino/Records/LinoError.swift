/// An error a request can cause, with a message already translated for the user.
/// The HTTP layer maps each case to its status code.
public enum LinoError: Error, Sendable {
    /// Unknown table, record, field or action (404).
    case notFound(String)
    /// The user's roles do not allow it (403).
    case forbidden(String)
    /// Malformed request (400).
    case badRequest(String)
    /// Invalid values: field name -> message; the field "" holds record-wide messages (422).
    case validation(message: String, fields: [String: String])
    /// The record changed since the client read it; the current row goes back (409).
    /// A stale save: `current` is the record as stored now, `conflicts` maps each field
    /// both sides changed to `{yours, theirs, changedBy, changedAt}`.
    case conflict(message: String, current: JSONObject?, conflicts: JSONObject? = nil)
    /// A delete refused because other rows need this one (409).
    case veto(String)
    /// Too many attempts (429).
    case throttled(String)
    /// Not logged in (401).
    case notAuthenticated(String)
    /// A server this one needs (the staff directory) does not answer (503).
    case unavailable(String)
    /// An upload over the size limit (413).
    case tooLarge(String)
    /// An upload of a kind that is not accepted (415).
    case unsupportedType(String)

    public var code: String {
        switch self {
        case .notFound: return "not_found"
        case .forbidden: return "forbidden"
        case .badRequest: return "bad_request"
        case .validation: return "validation"
        case .conflict: return "conflict"
        case .veto: return "veto"
        case .throttled: return "throttled"
        case .notAuthenticated: return "not_authenticated"
        case .unavailable: return "unavailable"
        case .tooLarge: return "too_large"
        case .unsupportedType: return "unsupported_type"
        }
    }

    public var status: Int {
        switch self {
        case .notFound: return 404
        case .forbidden: return 403
        case .badRequest: return 400
        case .validation: return 422
        case .conflict, .veto: return 409
        case .throttled: return 429
        case .notAuthenticated: return 401
        case .unavailable: return 503
        case .tooLarge: return 413
        case .unsupportedType: return 415
        }
    }

    public var message: String {
        switch self {
        case .notFound(let m), .forbidden(let m), .badRequest(let m), .veto(let m), .throttled(let m), .notAuthenticated(let m),
             .unavailable(let m), .tooLarge(let m), .unsupportedType(let m): return m
        case .validation(let m, _), .conflict(let m, _, _): return m
        }
    }

    /// The JSON error body of the API.
    public var body: JSON {
        var e: JSONObject = ["code": .string(code), "message": .string(message)]
        if case .validation(_, let fields) = self {
            var f = JSONObject()
            for k in fields.keys.sorted() { f[k] = .string(fields[k]!) }
            e["fields"] = .object(f)
        }
        if case .conflict(_, let current, let conflicts) = self {
            if let current { e["current"] = .object(current) }
            if let conflicts { e["conflicts"] = .object(conflicts) }
        }
        return ["error": .object(e)]
    }
}
