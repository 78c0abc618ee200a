/// One entry of the main menu; the site shows each user only what their roles allow.
public indirect enum MenuItem: Sendable {
    /// A submenu with an English label.
    case menu(String, [MenuItem])
    /// Opens a table's grid (label from the table unless given).
    case table(String, label: String? = nil)
    /// A shell command: `about`, `mySettings`, `logout`.
    case command(String, label: String)
    case separator
}

/// Where a plugin puts one of its entries: under a menu path of the site's menu
/// (`["Contacts"]`, `["Configuration", "PCSW"]`), created when missing, after what is there.
public struct MenuPlacement: Sendable {
    public let path: [String]
    public let item: MenuItem
    public init(_ path: [String], _ item: MenuItem) { self.path = path; self.item = item }
    /// A table's grid under a menu path.
    public static func table(_ path: [String], _ name: String, label: String? = nil) -> MenuPlacement {
        MenuPlacement(path, .table(name, label: label))
    }
}

enum MenuComposer {
    /// The site's menu with every plugin's entries put in their places.
    static func compose(_ base: [MenuItem], _ placements: [MenuPlacement]) -> [MenuItem] {
        var menu = base
        for p in placements { menu = insert(p.item, at: p.path[...], into: menu) }
        return menu
    }

    private static func insert(_ item: MenuItem, at path: ArraySlice<String>, into items: [MenuItem]) -> [MenuItem] {
        guard let head = path.first else { return items + [item] }
        var out = items
        if let i = out.firstIndex(where: { if case .menu(let label, _) = $0 { return label == head } else { return false } }),
           case .menu(let label, let sub) = out[i] {
            out[i] = .menu(label, insert(item, at: path.dropFirst(), into: sub))
        } else {
            out.append(.menu(head, insert(item, at: path.dropFirst(), into: [])))
        }
        return out
    }
}
