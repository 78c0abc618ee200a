import Foundation

/// What a field holds; decides storage, validation, wire format and widget.
public enum FieldKind: Sendable {
    case char(maxLength: Int)
    case text
    /// HTML, sanitised on save.
    case richText
    case int
    case decimal(scale: Int)
    case bool
    /// `incomplete` dates may have `00` as day or month (birth dates, eID).
    case date(incomplete: Bool)
    case datetime
    case time
    case email
    case url
    case foreignKey(target: String, onDelete: DeleteRule)
    case choice(ChoiceList)
    /// One value per site language ("babel" field): `name`, `name_fr`, `name_de`...
    case babel(maxLength: Int)
    /// A password hash: never sent to a client, never shown.
    case passwordHash
    /// A password typed in an action's dialog (never stored as typed, never echoed).
    case secret
    /// An image (a photo read from an eID card): stored as bytes, set by the
    /// server only, served through an authorised route, never inside rows.
    case image
    /// A file (a scanned document): kept in the site's file store under a random
    /// name, uploaded first (`POST /api/files`), served only through an authorised route.
    case file(accepted: [FileKind])

    /// The short name used in the UI metadata.
    public var typeName: String {
        switch self {
        case .char: return "char"
        case .text: return "text"
        case .richText: return "richtext"
        case .int: return "int"
        case .decimal: return "decimal"
        case .bool: return "bool"
        case .date: return "date"
        case .datetime: return "datetime"
        case .time: return "time"
        case .email: return "email"
        case .url: return "url"
        case .foreignKey: return "fk"
        case .choice: return "choice"
        case .babel: return "babel"
        case .passwordHash: return "password"
        case .secret: return "secret"
        case .image: return "image"
        case .file: return "file"
        }
    }

    /// How the value is stored.
    public var columnType: ColumnType {
        switch self {
        case .int, .foreignKey: return .int
        case .bool: return .bool
        case .decimal(let s): return .decimal(scale: s)
        case .date(let incomplete): return incomplete ? .text : .date
        case .datetime: return .datetime
        case .image: return .blob
        default: return .text
        }
    }

    /// The kind of column filter the grid offers for it.
    public var filterKind: String? {
        switch self {
        case .char, .text, .email, .url, .babel: return "text"
        case .int, .decimal, .date, .datetime: return "range"
        case .choice: return "choice"
        case .bool: return "bool"
        case .foreignKey: return "fk"
        default: return nil
        }
    }
}

/// What happens to rows pointing to a deleted row.
public enum DeleteRule: Sendable {
    /// The delete is refused while rows refer to it (the default).
    case protect
    /// Referring rows are deleted too (e.g. contact roles of a person).
    case cascade
    /// The reference is cleared.
    case setNull
}

/// Where a new record's initial value comes from.
public enum FieldDefault: Sendable {
    case value(Value)
    case today
    case now
    /// The acting user's id (a foreign key to users).
    case currentUser
    /// A field of the acting user's own record (a new coaching's type: the coach's usual service).
    case currentUserField(String)
    /// A field of the record a foreign key of this record points to (a new note's
    /// language: its client's), once that foreign key has its value.
    case fromTarget(foreignKey: String, field: String)
}

/// One field of a model.
public struct Field: Sendable {
    public let name: String
    /// English label; translated through the locale catalogues.
    public var label: String
    public var kind: FieldKind
    public var required = false
    public var unique = false
    public var editable = true
    public var indexed = false
    public var help: String?
    public var defaultValue: FieldDefault?
    /// Extra check on a parsed, non-null value; returns an English message or nil.
    public var check: (@Sendable (Value) -> String?)?
    /// Fields whose current values filter this foreign key's choices (e.g. city by country).
    public var dependsOn: [String] = []
    /// A foreign key whose combo may create a new target row from typed text.
    public var learning = false
    /// Fields of this record that choosing a target fills from the target's own
    /// fields (own name -> target field: a place fills the zip code). A value the
    /// user typed in such a field first narrows and ranks the choices.
    public var fills: [String: String] = [:]
    /// Preferred grid width in characters.
    public var width: Int?
    /// A date that cannot be in the future (a birth date): refused when it is, and
    /// two-digit years typed in the shell mean the past century.
    public var past = false
    /// Roles of which a user needs one to see the field at all (empty: whoever sees
    /// the record). A hidden field is not sent, sorted, filtered or searched on.
    public var viewRoles: [Role] = []
    /// Roles of which a user needs one to change the field (empty: whoever may
    /// change the record), e.g. a client's refusal reason for newcomer operators.
    public var editRoles: [Role] = []

    public init(_ name: String, _ label: String, _ kind: FieldKind) {
        self.name = name
        self.label = label
        self.kind = kind
    }

    public var isForeignKey: Bool { if case .foreignKey = kind { return true } else { return false } }
    public var foreignTarget: String? { if case .foreignKey(let t, _) = kind { return t } else { return nil } }
    /// Text that may hold tabs and line breaks (remarks, rich text).
    public var isMultiLine: Bool {
        switch kind { case .text, .richText: return true; default: return false }
    }
    public var isBabel: Bool { if case .babel = kind { return true } else { return false } }
    public var choiceList: ChoiceList? { if case .choice(let c) = kind { return c } else { return nil } }
}

// MARK: - Declaration helpers (read like Lino's field classes)

public func CharField(_ name: String, _ label: String, maxLength: Int = 200, required: Bool = false,
                      unique: Bool = false, indexed: Bool = false) -> Field {
    var f = Field(name, label, .char(maxLength: maxLength))
    f.required = required; f.unique = unique; f.indexed = indexed || unique
    return f
}

/// A password asked by an action's dialog.
public func SecretField(_ name: String, _ label: String, required: Bool = true) -> Field {
    var f = Field(name, label, .secret); f.required = required; return f
}
public func TextField(_ name: String, _ label: String) -> Field { Field(name, label, .text) }
public func RichTextField(_ name: String, _ label: String) -> Field { Field(name, label, .richText) }
public func IntField(_ name: String, _ label: String, required: Bool = false) -> Field {
    var f = Field(name, label, .int); f.required = required; return f
}
public func DecimalField(_ name: String, _ label: String, scale: Int = 2) -> Field { Field(name, label, .decimal(scale: scale)) }
public func BoolField(_ name: String, _ label: String, default value: Bool = false) -> Field {
    var f = Field(name, label, .bool); f.defaultValue = .value(.bool(value)); return f
}
public func DateField(_ name: String, _ label: String, incomplete: Bool = false, required: Bool = false,
                      default value: FieldDefault? = nil, past: Bool = false) -> Field {
    var f = Field(name, label, .date(incomplete: incomplete)); f.required = required; f.defaultValue = value; f.past = past; return f
}
public func DateTimeField(_ name: String, _ label: String) -> Field { Field(name, label, .datetime) }
/// Read-only for clients: the server stores the bytes (e.g. an eID photo).
public func ImageField(_ name: String, _ label: String) -> Field { Field(name, label, .image).readOnly() }
/// A file field: the stored file's key, name, size and kind (four columns).
public func FileField(_ name: String, _ label: String, accepted: [FileKind] = FileKind.scans, required: Bool = false) -> Field {
    var f = Field(name, label, .file(accepted: accepted)); f.required = required; return f
}
public func TimeField(_ name: String, _ label: String) -> Field { Field(name, label, .time) }
public func EmailField(_ name: String, _ label: String) -> Field { Field(name, label, .email) }
public func URLField(_ name: String, _ label: String) -> Field { Field(name, label, .url) }
public func BabelField(_ name: String, _ label: String, maxLength: Int = 200, required: Bool = false) -> Field {
    var f = Field(name, label, .babel(maxLength: maxLength)); f.required = required; return f
}
public func ForeignKey(_ name: String, _ label: String, to target: String, required: Bool = false,
                       onDelete: DeleteRule = .protect, dependsOn: [String] = [], learning: Bool = false,
                       fills: [String: String] = [:]) -> Field {
    var f = Field(name, label, .foreignKey(target: target, onDelete: onDelete))
    f.required = required; f.indexed = true; f.dependsOn = dependsOn; f.learning = learning; f.fills = fills
    return f
}
public func ChoiceField(_ name: String, _ label: String, _ list: ChoiceList, required: Bool = false,
                        default value: String? = nil) -> Field {
    var f = Field(name, label, .choice(list)); f.required = required
    if let value { f.defaultValue = .value(.text(value)) }
    return f
}

extension Field {
    /// A copy that is not editable by users (computed or system-maintained).
    public func readOnly() -> Field { var f = self; f.editable = false; return f }
    /// A copy with a help text.
    public func help(_ text: String) -> Field { var f = self; f.help = text; return f }
    /// A copy with a preferred grid width.
    public func width(_ w: Int) -> Field { var f = self; f.width = w; return f }
    /// A copy with an extra check; `check` returns an English error message or nil.
    public func checked(_ check: @escaping @Sendable (Value) -> String?) -> Field { var f = self; f.check = check; return f }
    /// A count or an age: zero or more.
    public func notNegative() -> Field { checked { v in (v.intValue ?? 0) < 0 ? "Must not be negative." : nil } }
    /// A copy with a default value.
    public func defaults(_ d: FieldDefault) -> Field { var f = self; f.defaultValue = d; return f }
    /// A copy that only users with one of `roles` see (the body of notes for social workers).
    public func visible(to roles: [Role]) -> Field { var f = self; f.viewRoles = roles; return f }
    /// A copy that only users with one of `roles` may change.
    public func editable(by roles: [Role]) -> Field { var f = self; f.editRoles = roles; return f }
}
