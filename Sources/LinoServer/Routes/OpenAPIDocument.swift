import Lino

/// The OpenAPI 3.1 description of the JSON API, with the site's table names.
enum OpenAPIDocument {
    static func make(site: Site) -> JSON {
        let error: JSON = ["$ref": "#/components/schemas/Error"]
        func op(_ summary: String, _ params: [JSON] = [], body: Bool = false, ok: String = "200") -> JSON {
            var o: JSONObject = ["summary": .string(summary)]
            if !params.isEmpty { o["parameters"] = .array(params) }
            if body { o["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["type": "object"]]]] }
            var responses = JSONObject()
            responses[ok] = ["description": "OK", "content": ["application/json": ["schema": ["type": "object"]]]]
            for code in ["400", "401", "403", "404", "409", "413", "422"] {
                responses[code] = ["description": "Error", "content": ["application/json": ["schema": error]]]
            }
            o["responses"] = .object(responses)
            return .object(o)
        }
        func p(_ name: String, in place: String = "query", required: Bool = false, _ description: String) -> JSON {
            ["name": .string(name), "in": .string(place), "required": .bool(required || place == "path"),
             "schema": ["type": "string"], "description": .string(description)]
        }
        let table = p("name", in: "path", "Table name, e.g. contacts.Persons")
        let id = p("id", in: "path", "Record id")
        let grid = [p("offset", "First row, 0-based"), p("limit", "Page size (max 500)"), p("sort", "Fields, comma-separated, - for descending"),
                    p("q", "Quick search: words ANDed"), p("filter", "JSON list of column filters"), p("mk", "Master record id for slave tables")]
        var paths: JSONObject = [
            "/auth/login": ["post": op("Log in with {username, password}; sets the session cookie", body: true)],
            "/auth/logout": ["post": op("Log out")],
            "/auth/me": ["get": op("The current user and CSRF token")],
            "/api/site": ["get": op("Menu, languages, formats and UI strings for the current user")],
            "/api/me/language": ["post": op("Set the user's UI language", body: true)],
            "/api/me/password": ["post": op("Change one's own password {current, new}", body: true)],
            "/api/tables/{name}": ["get": op("Table metadata (columns, layouts, actions)", [table])],
            "/api/tables/{name}/rows": ["get": op("One page of rows and the total", [table] + grid),
                                        "post": op("Create a record {values}", [table, p("mk", "Master id")], body: true, ok: "201")],
            "/api/tables/{name}/rows/{id}": ["get": op("One record with navigation", [table, id] + grid + [p("index", "Position hint")]),
                                             "put": op("Update a record {version, values}", [table, id], body: true),
                                             "delete": op("Delete a record", [table, id])],
            "/api/tables/{name}/choices/{field}": ["get": op("Combo options", [table, p("field", in: "path", "Field"), p("q", "Search text")]),
                                                   "post": op("Create a new target from typed text {text, ctx}", [table, p("field", in: "path", "Field")], body: true, ok: "201")],
            "/api/tables/{name}/actions/{action}": ["post": op("Run an action {ids, params}", [table, p("action", in: "path", "Action")], body: true)],
            "/api/tables/{name}/export.csv": ["get": op("The filtered rows as CSV", [table] + grid)],
            "/api/tables/{name}/rows/{id}/image/{field}": ["get": op("The bytes of an image field (image/jpeg)", [table, id, p("field", in: "path", "Image field")])],
            "/healthz": ["get": op("Health check")],
        ]
        // Plugin services, each under its own path.
        for path in site.services.keys.sorted() {
            let s = site.services[path]!
            let key = s.method == .post ? "post" : "get"
            paths["/api/services/" + path] = .object([key: op("Service \(path)", body: s.method == .post)])
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": .string(site.name + " API"), "version": .string(site.version)],
            "paths": .object(paths),
            "components": [
                "schemas": [
                    "Error": ["type": "object", "properties": ["error": ["type": "object", "properties": [
                        "code": ["type": "string"], "message": ["type": "string"], "fields": ["type": "object"]]]]],
                    "TableName": ["type": "string", "enum": .array(site.tableOrder.map(JSON.string))],
                ],
                "securitySchemes": ["session": ["type": "apiKey", "in": "cookie", "name": "welfare_session"]],
            ],
        ]
    }
}
