// swift-tools-version:6.0
// The Swift successor of Lino Welfare: framework (Lino), HTTP layer (LinoServer),
// CPAS application (Welfare) and the `welfare` command.
import PackageDescription

/// Hashes and X.509 certificates (eID cards): BeID and its test cards.
let certificates: [Target.Dependency] = [
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "X509", package: "swift-certificates"),
    .product(name: "SwiftASN1", package: "swift-asn1"),
]

let package = Package(
    name: "welfare",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "welfare", targets: ["welfare"]),
        .executable(name: "eid-helper", targets: ["eid-helper"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // MARK: - C libraries from Debian's -dev packages
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", pkgConfig: "libxcrypt",
                       providers: [.apt(["libcrypt-dev"])]),
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP", pkgConfig: "ldap",
                       providers: [.apt(["libldap-dev"])]),
        .systemLibrary(name: "CPCSC", path: "Sources/CPCSC", pkgConfig: "libpcsclite",
                       providers: [.apt(["libpcsclite-dev"])]),

        // MARK: - Framework, HTTP layer, application
        .target(name: "Lino", dependencies: [
            "CSQLite", "CLibPQ", "CCrypt", "CLDAP",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LinoServer", dependencies: [
            "Lino",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The Belgian eID card protocol: APDUs, files, parsing, signature checks. No PC/SC.
        .target(name: "BeID", dependencies: certificates),
        .target(name: "Welfare", dependencies: ["Lino", "BeID"], resources: [.copy("Resources")]),
        .executableTarget(name: "welfare", dependencies: [
            "Lino", "LinoServer", "Welfare", "BeID",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // The helper on front-desk PCs: PC/SC reader -> JSON on 127.0.0.1.
        .executableTarget(name: "eid-helper", dependencies: [
            "BeID", "CPCSC",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // MARK: - Tests
        .testTarget(name: "LinoTests", dependencies: ["Lino"]),
        .testTarget(name: "WelfareTests", dependencies: ["Lino", "Welfare"]),
        // Synthetic signed cards for the BeID and server tests.
        .target(name: "BeIDTestSupport", dependencies: ["BeID", .product(name: "_CryptoExtras", package: "swift-crypto")] + certificates,
                path: "Tests/BeIDTestSupport"),
        .testTarget(name: "BeIDTests", dependencies: ["BeID", "BeIDTestSupport"] + certificates),
        .testTarget(name: "LinoServerTests", dependencies: ["Lino", "LinoServer", "Welfare", "BeID", "BeIDTestSupport"]),
    ]
)
