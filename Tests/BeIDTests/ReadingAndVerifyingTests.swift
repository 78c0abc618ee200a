import Crypto
import Foundation
import X509
import XCTest
@testable import BeID
import BeIDTestSupport

/// Reading files through the status-word dance, then checking signatures.
final class ReadingAndVerifyingTests: XCTestCase {
    func testReadsEveryFileWithShortLastChunks() throws {
        let card = SampleCard.files()
        let fake = FakeCard(card)
        let read = try BelpicFileReader(fake).readAll()
        XCTAssertEqual(read, card)
        XCTAssertTrue(fake.log.contains { $0[1] == 0xB0 && $0[4] != 0xF8 }, "a 6Cxx answer made the reader ask again with the right length")
    }

    func testACardThatWantsPathsWithoutTheMF() throws {
        let card = SampleCard.files()
        let fake = FakeCard(card)
        fake.pathsWithoutMF = true
        XCTAssertEqual(try BelpicFileReader(fake).readAll(), card)
        XCTAssertTrue(fake.log.contains { $0.starts(with: [0x00, 0xA4, 0x08, 0x0C, 0x04, 0xDF, 0x01]) }, "selected as DF01 4031")
        XCTAssertTrue(fake.log.contains { $0 == CommandAPDU.selectApplication(BelpicFile.pkcs15AID).bytes }, "the PKCS#15 application")
    }

    func testAFileOfExactlyNChunksEndsOn6B00() throws {
        var photo = SampleCard.photo
        photo += Array(repeating: 0x11, count: 248 * 3 - photo.count)
        var fields = SampleCard.identityFields(photo: photo)
        fields[0x11] = Array(SHA256.hash(data: photo))
        let card = SampleCard.files(identity: SampleCard.encode(fields), photo: photo)
        let fake = FakeCard(card)
        XCTAssertEqual(try BelpicFileReader(fake).read(.photo), photo)
        XCTAssertEqual(fake.log.last, [0x00, 0xB0, 0x02, 0xE8, 0xF8], "the fourth read got 6B00 and ended the file")
    }

    func testGetResponseAndWrongLengthAreHandledGenerically() throws {
        final class Chatty: CardTransport {
            var sent: [[UInt8]] = []
            func transmit(_ apdu: [UInt8]) throws -> [UInt8] {
                sent.append(apdu)
                switch (apdu[1], apdu.last!) {
                case (0xE4, 0x10): return [0x6C, 0x1C]  // wrong Le: 28 bytes are there
                case (0xE4, 0x1C): return [0x61, 0x04]  // and they come in two parts
                case (0xC0, 0x04): return [1, 2, 3, 4, 0x90, 0x00]
                default: return [0x6D, 0x00]
                }
            }
        }
        let t = Chatty()
        let r = try CardChannel(t).send(CommandAPDU(cla: 0x80, ins: 0xE4, p1: 0, p2: 0, le: 0x10))
        XCTAssertEqual(r.data, [1, 2, 3, 4])
        XCTAssertTrue(r.isSuccess)
        XCTAssertEqual(t.sent.count, 3)
    }

    func testARemovedCardOrAnotherCardGivesAClearError() {
        let fake = FakeCard(SampleCard.files())
        fake.removeAfter = 5
        XCTAssertThrowsError(try BelpicFileReader(fake).readAll()) { XCTAssertEqual($0 as? CardError, .removed) }
        final class NotBelpic: CardTransport { func transmit(_ apdu: [UInt8]) throws -> [UInt8] { [0x6A, 0x82] } }
        XCTAssertThrowsError(try BelpicFileReader(NotBelpic()).readAll()) {
            guard case .unreadable(let why)? = $0 as? CardError else { return XCTFail("\($0)") }
            XCTAssertTrue(why.contains("not a Belgian eID card"), why)
        }
        final class Broken: CardTransport { func transmit(_ apdu: [UInt8]) throws -> [UInt8] { [0x90] } }
        XCTAssertThrowsError(try BelpicFileReader(Broken()).readAll())
    }

    func testAGenuineCardVerifies() throws {
        let verifier = CardVerifier(trustedRoots: [SampleCard.pki.root])
        let card = try verifier.verify(SampleCard.files())
        XCTAssertEqual(card.identity.nationalNumber, "85073003328")
        XCTAssertEqual(card.address.municipality, "Liège")
        XCTAssertEqual(card.photo, SampleCard.photo)
    }

    func testTamperingIsRefused() throws {
        let verifier = CardVerifier(trustedRoots: [SampleCard.pki.root])
        var files = SampleCard.files()
        files.files[.identitySignature]![10] ^= 0xFF
        XCTAssertThrowsError(try verifier.verify(files)) { XCTAssertEqual($0 as? CardVerifier.Failure, .badIdentitySignature) }

        // Changing the name after signing.
        files = SampleCard.files()
        var fields = SampleCard.identityFields()
        fields[0x07] = Array("Lambert".utf8)
        files.files[.identity] = SampleCard.encode(fields)
        XCTAssertThrowsError(try verifier.verify(files)) { XCTAssertEqual($0 as? CardVerifier.Failure, .badIdentitySignature) }

        files = SampleCard.files()
        files.files[.address]![5] ^= 0x01
        XCTAssertThrowsError(try verifier.verify(files)) { XCTAssertEqual($0 as? CardVerifier.Failure, .badAddressSignature) }

        files = SampleCard.files()
        files.files[.photo]![100] ^= 0x01
        XCTAssertThrowsError(try verifier.verify(files)) { XCTAssertEqual($0 as? CardVerifier.Failure, .photoHashMismatch) }

        // Signed by another root, which the card itself carries: not trusted.
        files = SampleCard.files(pki: SampleCard.otherPKI)
        XCTAssertThrowsError(try verifier.verify(files)) { XCTAssertEqual($0 as? CardVerifier.Failure, .untrustedCertificate) }

        files = SampleCard.files()
        files.files[.rrnCertificate] = Array(repeating: 0, count: 2500)
        XCTAssertThrowsError(try verifier.verify(files)) { XCTAssertEqual($0 as? CardVerifier.Failure, .badCertificate("no DER sequence")) }

        files = SampleCard.files()
        files.files[.addressSignature] = nil
        XCTAssertThrowsError(try verifier.verify(files)) { XCTAssertEqual($0 as? CardVerifier.Failure, .missingFile("address_signature")) }

        XCTAssertThrowsError(try verifier.verify(SampleCard.files(), at: Date() + 86_400 * 4000)) {
            XCTAssertEqual($0 as? CardVerifier.Failure, .certificateExpired)
        }
    }

    func testRootsFromPEMAndTheWireFormat() throws {
        let pem = try SampleCard.pki.root.serializeAsPEM().pemString + "\n" + SampleCard.otherPKI.root.serializeAsPEM().pemString
        let verifier = try CardVerifier(pem: pem)
        XCTAssertEqual(verifier.trustedRoots.count, 2)
        let files = SampleCard.files()
        let back = try CardFiles(base64: files.base64)
        XCTAssertEqual(back, files)
        XCTAssertNoThrow(try verifier.verify(back))
        XCTAssertThrowsError(try CardFiles(base64: ["identity": "%%%"]))
    }
}
