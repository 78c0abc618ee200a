"""DEV TOOL ONLY: the eID part of mock_api.py.

- A fake eID helper (the local program on the clerk's PC) on its own port:
  `GET /card` answers a fake card, or one of the helper's JSON errors, with the
  CORS header for the mock's origin. `GET /dev/scenario?name=X` chooses what
  the next reads answer (from curl or a browser test; no CORS):
    new            a card whose NISS no person has (preview: create)
    known          the card of person 1 with another birth date and place (update, 2 differences)
    bad_signature  the server refuses the card (422)
    no_service, no_reader, no_card, removed, unreadable, busy   the helper's errors
    garbage        200 with a body that is not JSON
    hang           answers after 20 s (the shell gives up after 15 s)
- `preview()` and `apply()`: the answers of POST /api/services/beid/preview
  and /apply.

The fake card is NOT the real helper's format: the shell passes it on
untouched, and only this mock reads it (`files.identity` is base64 JSON).
"""
import base64
import json
import struct
import threading
import time
import zlib
from datetime import date
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlparse, parse_qs

STATE = {'scenario': 'new', 'origins': set(), 'db': None, 'next_id': None, 'known_city': None}
NISS = {}  # national register number -> person id (the mock persons have no such field)
READING = threading.Lock()
HELPER_ERRORS = {
    'no_service': 'SCardEstablishContext failed: the PC/SC service is not running.',
    'no_reader': 'No smart card reader found.',
    'no_card': 'No card in the reader.',
    'removed': 'The card was removed during the read.',
    'unreadable': 'The card is not a Belgian eID card.',
    'busy': 'Another read is running.',
}
# as Sources/eid-helper/HelperRoutes.swift answers them
ERROR_STATUS = {'no_service': 503, 'no_reader': 503, 'no_card': 404, 'removed': 410, 'unreadable': 422, 'busy': 409}
KNOWN_NISS = '59020412345'
NEW_NISS = '85073012388'


def setup(db, next_id, origins):
    """Shares the mock's data with this module; person 1 is the "known" card's holder."""
    STATE.update(db=db, next_id=next_id, origins=set(origins))
    NISS[KNOWN_NISS] = 1
    # another place than the seeded one, fixed so that the card stays the same after an update
    STATE['known_city'] = 3 if db['persons'][1]['city'] != 3 else 4


# ---------------------------------------------------------------- the fake card

def _png(width=70, height=100):
    """A grey silhouette on a light background, so that the photo slot shows something."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            head = (x - width / 2) ** 2 + (y - height * 0.36) ** 2 < (width * 0.22) ** 2
            body = y > height * 0.62 and abs(x - width / 2) < (y - height * 0.45) * 0.9
            row += bytes((120, 130, 145) if head or body else (226, 232, 240))
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(b''.join(rows))) + chunk(b'IEND', b''))


PHOTO = base64.b64encode(_png()).decode()


def _identity(scenario):
    if scenario == 'known':
        p = STATE['db']['persons'][1]
        return {'niss': KNOWN_NISS, 'first_name': p['first_name'], 'last_name': p['last_name'], 'gender': p['gender'],
                'birth_date': '1959-02-04', 'birth_place': 'Eupen', 'nationality': 'BE', 'card_number': '592123456789',
                'valid_until': '2031-02-03', 'street': 'Hauptstraße 12', 'city': STATE['known_city']}
    return {'niss': NEW_NISS, 'first_name': 'Françoise', 'last_name': 'Lambèrt', 'gender': 'F',
            'birth_date': '1985-07-30', 'birth_place': 'Liège', 'nationality': 'BE', 'card_number': '591987654321',
            'valid_until': '2029-11-14', 'street': 'Rue de la Station 7', 'city': 6}


def fake_card(scenario):
    identity = json.dumps(_identity(scenario)).encode()
    return {'reader': 'Mock Reader 00 00', 'files': {
        'identity': base64.b64encode(identity).decode(),
        'identitySignature': 'bad' if scenario == 'bad_signature' else base64.b64encode(b'sig').decode(),
        'photo': PHOTO}}


# ---------------------------------------------------------------- the helper

class HelperHandler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, obj, cors=True):
        body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Cache-Control', 'no-store')
        origin = self.headers.get('Origin')
        if cors and origin in STATE['origins']:
            self.send_header('Access-Control-Allow-Origin', origin)
            self.send_header('Vary', 'Origin')
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self):
        # the shell sends simple requests (no preflight); this only answers the
        # private-network preflight some Chrome versions sent (Chrome 141+ asks the user instead)
        self.send_response(204)
        if self.headers.get('Origin') in STATE['origins']:
            self.send_header('Access-Control-Allow-Origin', self.headers['Origin'])
            self.send_header('Access-Control-Allow-Private-Network', 'true')
        self.send_header('Content-Length', '0')
        self.end_headers()

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == '/dev/scenario':
            STATE['scenario'] = parse_qs(url.query).get('name', ['new'])[-1]
            return self.answer(200, {'scenario': STATE['scenario']}, cors=False)
        if url.path != '/card':
            return self.answer(404, {'error': 'not_found', 'message': 'Unknown path.'})
        if not READING.acquire(blocking=False):
            return self.answer(ERROR_STATUS['busy'], {'error': 'busy', 'message': HELPER_ERRORS['busy']})
        try:
            scenario = STATE['scenario']
            time.sleep(20 if scenario == 'hang' else 0.6)  # a real read takes a few seconds
            if scenario in HELPER_ERRORS:
                return self.answer(ERROR_STATUS[scenario], {'error': scenario, 'message': HELPER_ERRORS[scenario]})
            if scenario == 'garbage':
                return self.answer(200, b'<html>not json</html>')
            return self.answer(200, fake_card(scenario))
        finally:
            READING.release()


def start_helper(port):
    srv = ThreadingHTTPServer(('127.0.0.1', port), HelperHandler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f'http://127.0.0.1:{port}'


# ---------------------------------------------------------------- the server side

FIELDS = [('first_name', 'First name'), ('last_name', 'Last name'), ('gender', 'Gender'),
          ('birth_date', 'Birth date'), ('city', 'Place')]


def _error(status, code, message):
    return status, {'error': {'code': code, 'message': message}}


def _read(card):
    """The identity in a fake card; None when it is not one."""
    try:
        files = card['files']
        return json.loads(base64.b64decode(files['identity'])), files['identitySignature'] != 'bad'
    except (KeyError, TypeError, ValueError):
        return None, False


def _display(name, value):
    if value is None:
        return ''
    if name == 'birth_date' or name == 'valid_until':
        return date.fromisoformat(value).strftime('%d.%m.%Y')
    if name == 'gender':
        return {'M': 'Male', 'F': 'Female'}.get(value, value)
    if name == 'city':
        p = STATE['db']['places'].get(value)
        return f"{p['zip_code']} {p['name']}" if p else ''
    return str(value)


def _title(first, last):
    return f'{first} {last.upper()}'


def _card_json(ident):
    n = ident['niss']
    rows = [('last_name', 'Last name'), ('first_name', 'First name'), ('gender', 'Gender'), ('birth_date', 'Birth date'),
            ('birth_place', 'Birth place'), ('nationality', 'Nationality'), ('niss', 'National register number'),
            ('card_number', 'Card number'), ('valid_until', 'Valid until'), ('street', 'Street'), ('city', 'Place')]
    fields = [{'name': k, 'label': label, 'value': _display(k, ident[k])} for k, label in rows]
    fields[6]['value'] = f'{n[0:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:11]}'
    return {'photo': 'data:image/png;base64,' + PHOTO, 'fields': fields}


def _differences(person, ident):
    return [{'field': k, 'label': label, 'old': _display(k, person[k]), 'new': _display(k, ident[k])}
            for k, label in FIELDS if person[k] != ident[k]]


def _check(body):
    ident, signed = _read(body.get('card'))
    if ident is None:
        return None, _error(400, 'bad_request', 'This is not an eID card answer.')
    if not signed:
        return None, _error(422, 'bad_signature', 'The signature of the card data is not valid. The card was not read.')
    return ident, None


def preview(body):
    ident, err = _check(body)
    if err:
        return err
    pid = NISS.get(ident['niss'])
    person = STATE['db']['persons'].get(pid)
    shown = body.get('person')
    out = {'card': _card_json(ident), 'person': None, 'differences': [],
           'warning': 'This card belongs to another person than the one shown.' if shown is not None and shown != pid else None}
    if person is None:
        out.update(action='create', message=f"Create new person {_title(ident['first_name'], ident['last_name'])}?")
        return 200, out
    title = _title(person['first_name'], person['last_name'])
    out['person'] = {'id': person['id'], 'title': title, 'version': person['version']}
    out['differences'] = _differences(person, ident)
    if out['differences']:
        out.update(action='update', message=f'Update {title} with the data of the card?')
    else:
        out.update(action='uptodate', message=f'{title} is up to date.')
    return 200, out


def apply(body):
    ident, err = _check(body)
    if err:
        return err
    persons = STATE['db']['persons']
    values = {k: ident[k] for k, _ in FIELDS}
    if body.get('action') == 'create':
        if ident['niss'] in NISS:
            return _error(409, 'conflict', 'A person with this national register number exists already.')
        pid = STATE['next_id']('persons')
        persons[pid] = dict(values, id=pid, email='', url='', country='BE', amount=None, is_obsolete=False, start_time=None,
                            created='2026-05-22T08:00:00Z', remarks='', body='', version=1)
        NISS[ident['niss']] = pid
        message = 'Person created.'
    elif body.get('action') == 'update':
        person = persons.get(body.get('person'))
        if person is None or NISS.get(ident['niss']) != person['id']:
            return _error(422, 'validation', 'This card does not belong to this person.')
        if person['version'] != body.get('version'):
            return _error(409, 'conflict', 'Someone changed this person after the card was read. Please read the card again.')
        person.update(values, version=person['version'] + 1)
        pid = person['id']
        message = 'Person updated.'
    else:
        return _error(400, 'bad_request', 'action must be create or update.')
    p = persons[pid]
    return 200, {'id': pid, 'table': 'contacts.Persons', 'title': _title(p['first_name'], p['last_name']), 'message': message}
