#!/usr/bin/env python3
"""DEV TOOL ONLY: a throwaway mock of docs/API.md for working on web/.

Serves web/ at the site root and answers the JSON API with in-memory fake
data (contacts.Persons, notes.NotesByPerson, countries.Countries,
countries.Places, countries.PlacesByCountry, users.MySettings).
Standard library only; never used by tests. "Read eID card" talks to a fake
eID helper on --helper-port (see mock_eid.py; --helper-port 0 turns it off).

    python3 scripts/dev/mock_api.py [--port 8099] [--helper-port 9375]
    login: robin / 1234
"""
import argparse
import copy
import csv
import io
import json
import mimetypes
import os
import random
import re
import secrets
import threading
from datetime import date, datetime, timezone
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlparse, parse_qs, unquote

import mock_eid

SITE = {'eid': None}  # {"helper": url} once the fake helper runs
WEB = os.path.normpath(os.path.join(os.path.dirname(__file__), '..', '..', 'web'))
LOCK = threading.RLock()

# ---------------------------------------------------------------- i18n

TR = {
    'fr': {
        'Contacts': 'Contacts', 'Persons': 'Personnes', 'Configuration': 'Configuration', 'Places': 'Lieux',
        'Countries': 'Pays', 'Site': 'Site', 'About': 'À propos', 'My settings': 'Mes préférences',
        'Log out': 'Déconnexion', 'Name': 'Nom', 'First name': 'Prénom', 'Last name': 'Nom de famille',
        'Gender': 'Sexe', 'Male': 'Masculin', 'Female': 'Féminin', 'Birth date': 'Date de naissance',
        'Age': 'Âge', 'E-mail': 'E-mail', 'Country': 'Pays', 'Place': 'Lieu', 'Amount': 'Montant',
        'Obsolete': 'Obsolète', 'Remarks': 'Remarques', 'Body': 'Texte', 'Start time': 'Heure de début',
        'Created': 'Créé', 'General': 'Général', 'More': 'Plus', 'Notes': 'Notes', 'Date': 'Date',
        'Subject': 'Sujet', 'Type': 'Type', 'Designation': 'Désignation', 'ISO code': 'Code ISO',
        'Zip code': 'Code postal', 'Duplicate': 'Dupliquer', 'Mark obsolete': 'Marquer obsolète',
        'Aged from': 'Âge de', 'Aged to': 'Âge jusque', 'Nationality': 'Nationalité', 'ID': 'ID',
        'City': 'Ville', 'Village': 'Village', 'Phone call': 'Appel', 'Visit': 'Visite',
        'Username': "Nom d'utilisateur", 'Language': 'Langue', 'Notes of this person': 'Notes de cette personne',
        'Places of this country': 'Lieux de ce pays', 'Read eID card': 'Lire la carte eID', 'State': 'État', 'Draft': 'Brouillon', 'Confirmed': 'Confirmé', 'Archived': 'Archivé', 'Confirm': 'Confirmer', 'Archive': 'Archiver', 'Reopen': 'Rouvrir', 'Person': 'Personne', 'URL': 'URL',
        'Please correct the marked fields.': 'Veuillez corriger les champs marqués.',
        'This field is required.': 'Ce champ est obligatoire.',
    },
    'de': {
        'Persons': 'Personen', 'Configuration': 'Konfigurierung', 'Places': 'Orte', 'Countries': 'Länder',
        'Site': 'Site', 'About': 'Über', 'My settings': 'Meine Einstellungen', 'Log out': 'Abmelden',
        'Name': 'Name', 'First name': 'Vorname', 'Last name': 'Familienname', 'Gender': 'Geschlecht',
        'Birth date': 'Geburtsdatum', 'Age': 'Alter', 'Country': 'Land', 'Place': 'Ort', 'Amount': 'Betrag',
        'General': 'Allgemein', 'More': 'Mehr', 'Notes': 'Notizen',
    },
}
SHELL_FR = {
    'Save': 'Enregistrer', 'Cancel': 'Annuler', 'Insert': 'Insérer', 'Delete': 'Supprimer', 'Detail': 'Détail',
    'Refresh': 'Actualiser', 'Rows {from}-{to} of {total}': 'Enregistrements {from}-{to} de {total}',
    'Page': 'Page', 'of {pages}': 'de {pages}', 'Search…': 'Rechercher…', 'Yes': 'Oui', 'No': 'Non',
    'Log in': 'Se connecter', 'Username': "Nom d'utilisateur", 'Password': 'Mot de passe',
    'Columns': 'Colonnes', 'Filters': 'Filtres', 'No data to display': 'Aucune donnée à afficher',
    'Delete “{title}”?': 'Supprimer « {title} » ?', 'Please confirm': 'Veuillez confirmer',
    'Insert into {table}': 'Insérer dans {table}', 'Language': 'Langue', 'Windows': 'Fenêtres',
    'Create the {label} “{text}”?': 'Créer la nouvelle entrée « {text} » ({label}) ?', 'Close': 'Fermer',
    'Maximise': 'Agrandir', 'Restore': 'Restaurer', '(any)': '(tous)', 'from': 'de', 'to': 'à',
    'Choose a date': 'Choisir une date', 'Today': "Aujourd'hui", 'Saved.': 'Enregistré.',
    'Please wait…': 'Veuillez patienter…', 'OK': 'OK', 'Version': 'Version', 'User': 'Utilisateur',
}
FORMATS = {
    'en': {'date': 'dd.mm.yyyy', 'decimalSeparator': '.', 'thousandsSeparator': ','},
    'fr': {'date': 'dd.mm.yyyy', 'decimalSeparator': ',', 'thousandsSeparator': ' '},
    'de': {'date': 'dd.mm.yyyy', 'decimalSeparator': ',', 'thousandsSeparator': '.'},
    'nl': {'date': 'dd.mm.yyyy', 'decimalSeparator': ',', 'thousandsSeparator': '.'},
}
LANGS = [{'code': 'en', 'name': 'English'}, {'code': 'fr', 'name': 'Français'},
         {'code': 'de', 'name': 'Deutsch'}, {'code': 'nl', 'name': 'Nederlands'}]


def tr(text, lang):
    return TR.get(lang, {}).get(text, text)


def translate_labels(obj, lang):
    """Translates every "label" and choice "text" of a metadata tree."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in ('label', 'text') and isinstance(v, str):
                out[k] = tr(v, lang)
            else:
                out[k] = translate_labels(v, lang)
        return out
    if isinstance(obj, list):
        return [translate_labels(x, lang) for x in obj]
    return obj

# ---------------------------------------------------------------- data

USERS = {3: {'id': 3, 'username': 'robin', 'password': '1234', 'first_name': 'Robin', 'last_name': 'Rood',
             'email': 'robin@example.org', 'language': 'en', 'userType': {'id': '900', 'text': 'Administrator'}}}

COUNTRIES = {
    'BE': {'en': 'Belgium', 'fr': 'Belgique', 'de': 'Belgien', 'nl': 'België'},
    'DE': {'en': 'Germany', 'fr': 'Allemagne', 'de': 'Deutschland', 'nl': 'Duitsland'},
    'FR': {'en': 'France', 'fr': 'France', 'de': 'Frankreich', 'nl': 'Frankrijk'},
    'NL': {'en': 'Netherlands', 'fr': 'Pays-Bas', 'de': 'Niederlande', 'nl': 'Nederland'},
    'LU': {'en': 'Luxembourg', 'fr': 'Luxembourg', 'de': 'Luxemburg', 'nl': 'Luxemburg'},
    'EE': {'en': 'Estonia', 'fr': 'Estonie', 'de': 'Estland', 'nl': 'Estland'},
}
DB = {'countries': {}, 'places': {}, 'persons': {}, 'notes': {}}
SEQ = {'places': 0, 'persons': 0, 'notes': 0}


def next_id(kind):
    SEQ[kind] += 1
    return SEQ[kind]


def seed():
    rnd = random.Random(7)
    for code, name in COUNTRIES.items():
        DB['countries'][code] = {'id': code, 'isocode': code, 'name': dict(name), 'version': 1}
    places = [('Eupen', '4700', 'BE'), ('Kettenis', '4701', 'BE'), ('Raeren', '4730', 'BE'), ('Kelmis', '4720', 'BE'),
              ('Lontzen', '4710', 'BE'), ('Liège', '4000', 'BE'), ('Bruxelles', '1000', 'BE'), ('Namur', '5000', 'BE'),
              ('Aachen', '52062', 'DE'), ('Köln', '50667', 'DE'), ('Monschau', '52156', 'DE'),
              ('Paris', '75001', 'FR'), ('Lille', '59000', 'FR'), ('Maastricht', '6211', 'NL'), ('Tallinn', '10111', 'EE')]
    for name, zip_code, country in places:
        pid = next_id('places')
        DB['places'][pid] = {'id': pid, 'name': name, 'zip_code': zip_code, 'country': country,
                             'type': 'V' if name in ('Kettenis', 'Lontzen') else 'C', 'version': 1}
    first = ['Alfons', 'Laurent', 'Bruno', 'Bernd', 'Charlotte', 'Dorothée', 'Daniel', 'Emil', 'Erna', 'Erwin',
             'Edgar', 'Berta', 'Robin', 'Anna', 'Luc', 'Marie', 'Hildegard', 'Josef', 'Karl', 'Line', 'Guido', 'Jacqueline']
    last = ['Ausdemwald', 'Bastiaensen', 'Braun', 'Brecht', 'Collard', 'Demeulenaere', 'Dericum', 'Dobbelstein',
            'Dubois', 'Eierschal', 'Emonts', 'Emontspool', 'Engels', 'Ernst', 'Evers', 'Hilgers', 'Jacobs',
            'Jonas', 'Kaivers', 'Lambertz', 'Lazarus', 'Meier', 'Radermacher', 'Thelen']
    for i in range(240):
        pid = next_id('persons')
        fn = first[i % len(first)]
        ln = last[(i * 7) % len(last)]
        place = DB['places'][rnd.randint(1, 15)]
        y, m, d = rnd.randint(1940, 2010), rnd.randint(1, 12), rnd.randint(1, 28)
        bd = f'{y:04d}-{m:02d}-{d:02d}'
        if i % 17 == 3:
            bd = f'{y:04d}-00-00'
        elif i % 23 == 5:
            bd = None
        DB['persons'][pid] = {
            'id': pid, 'first_name': fn, 'last_name': ln, 'gender': 'F' if fn in ('Charlotte', 'Dorothée', 'Erna', 'Berta', 'Anna', 'Marie', 'Hildegard', 'Line', 'Jacqueline') else 'M',
            'birth_date': bd, 'email': f'{fn.lower()}.{ln.lower()}@example.com' if i % 3 else '',
            'url': '', 'country': place['country'], 'city': place['id'],
            'amount': f'{rnd.randint(0, 250000) / 100:.2f}' if i % 4 else None, 'is_obsolete': i % 11 == 0,
            'start_time': f'{8 + i % 9:02d}:{(i * 15) % 60:02d}', 'created': '2024-03-0%dT08:15:00Z' % (1 + i % 9),
            'remarks': 'Needs an interpreter.' if i % 5 == 0 else '',
            'body': '<p>First contact at the <b>reception</b>.</p><ul><li>ID card</li><li>Bank statement</li></ul>' if i % 6 == 0 else '',
            'version': 1,
        }
        for k in range(i % 4):
            nid = next_id('notes')
            DB['notes'][nid] = {'id': nid, 'person': pid, 'date': f'2025-0{1 + k}-1{k}', 'subject': ['First visit', 'Phone call about rent', 'Documents received'][k],
                                'type': ['V', 'P', 'V'][k], 'body': '', 'version': 1}

# ---------------------------------------------------------------- metadata

GENDER = [{'id': 'M', 'text': 'Male'}, {'id': 'F', 'text': 'Female'}]
PLACE_TYPE = [{'id': 'C', 'text': 'City'}, {'id': 'V', 'text': 'Village'}]
PLACE_STATE = [{'id': '10', 'text': 'Draft'}, {'id': '20', 'text': 'Confirmed'}, {'id': '30', 'text': 'Archived'}]
TRANSITIONS = [{'name': 'confirm', 'label': 'Confirm', 'from': ['10'], 'to': '20'},
               {'name': 'archive', 'label': 'Archive', 'from': ['20'], 'to': '30'},
               {'name': 'reopen', 'label': 'Reopen', 'from': ['20', '30'], 'to': '10'}]
NOTE_TYPE = [{'id': 'V', 'text': 'Visit'}, {'id': 'P', 'text': 'Phone call'}]

PERSON_FIELDS = {
    'id': {'label': 'ID', 'type': 'int', 'editable': False},
    'name': {'label': 'Name', 'type': 'char', 'editable': False},
    'first_name': {'label': 'First name', 'type': 'char', 'maxLength': 200, 'required': True, 'editable': True},
    'last_name': {'label': 'Last name', 'type': 'char', 'maxLength': 200, 'required': True, 'editable': True},
    'gender': {'label': 'Gender', 'type': 'choice', 'choices': GENDER, 'editable': True},
    'birth_date': {'label': 'Birth date', 'type': 'date', 'incomplete': True, 'editable': True},
    'age': {'label': 'Age', 'type': 'int', 'editable': False},
    'email': {'label': 'E-mail', 'type': 'email', 'editable': True},
    'url': {'label': 'URL', 'type': 'url', 'editable': True},
    'country': {'label': 'Country', 'type': 'fk', 'target': 'countries.Countries', 'editable': True},
    'city': {'label': 'Place', 'type': 'fk', 'target': 'countries.Places', 'dependsOn': ['country'], 'learning': True, 'editable': True},
    'amount': {'label': 'Amount', 'type': 'decimal', 'scale': 2, 'editable': True},
    'is_obsolete': {'label': 'Obsolete', 'type': 'bool', 'editable': True},
    'start_time': {'label': 'Start time', 'type': 'time', 'editable': True},
    'created': {'label': 'Created', 'type': 'datetime', 'editable': False},
    'remarks': {'label': 'Remarks', 'type': 'text', 'editable': True},
    'body': {'label': 'Body', 'type': 'richtext', 'editable': True},
}


def F(name, width=None):
    n = {'type': 'field', 'name': name}
    if width:
        n['width'] = width
    return n


TABLES = {
    'contacts.Persons': {
        'label': 'Persons', 'model': 'contacts.Person', 'canInsert': True, 'canUpdate': True, 'canDelete': True,
        'inlineEdit': True, 'pageSize': 25, 'defaultSort': ['name'], 'quickSearch': True, 'masterKey': None,
        'columns': [{'name': 'name', 'width': 24}, {'name': 'gender', 'width': 8}, {'name': 'birth_date', 'width': 10},
                    {'name': 'age', 'width': 5}, {'name': 'email', 'width': 24}, {'name': 'city', 'width': 14},
                    {'name': 'country', 'width': 12}, {'name': 'amount', 'width': 10}, {'name': 'is_obsolete', 'width': 7},
                    {'name': 'first_name', 'width': 14, 'hidden': True}, {'name': 'id', 'width': 5}],
        'fields': PERSON_FIELDS,
        'filters': {'name': 'text', 'birth_date': 'range', 'age': 'range', 'gender': 'choice', 'is_obsolete': 'bool',
                    'country': 'fk', 'amount': 'range', 'email': 'text', 'city': 'fk'},
        'params': {'fields': {'aged_from': {'label': 'Aged from', 'type': 'int'}, 'aged_to': {'label': 'Aged to', 'type': 'int'},
                              'nationality': {'label': 'Nationality', 'type': 'fk', 'target': 'countries.Countries'}},
                   'layout': {'type': 'panel', 'rows': [[F('aged_from', 8), F('aged_to', 8), F('nationality', 24)]]}},
        'detail': {'type': 'tabs', 'children': [
            {'type': 'panel', 'name': 'general', 'label': 'General', 'rows': [
                [{'type': 'panel', 'name': 'person', 'rows': [
                    [F('first_name', 20), F('last_name', 20), F('gender', 10)],
                    [F('birth_date', 11), F('age', 5), F('id', 6)],
                    [F('country', 18), F('city', 20)],
                    [F('email', 30), F('url', 20)]]},
                 {'type': 'slave', 'table': 'notes.NotesByPerson', 'label': 'Notes of this person', 'height': 6}]]},
            {'type': 'panel', 'name': 'more', 'label': 'More', 'rows': [
                [F('amount', 12), F('start_time', 6), F('created', 16), F('is_obsolete')],
                [F('remarks', 60)], [F('body', 60)]]}]},
        'insert': {'type': 'panel', 'rows': [[F('first_name', 20), F('last_name', 20)], [F('gender', 10), F('birth_date', 11)],
                                             [F('country', 18), F('city', 20)]]},
        'actions': [{'name': 'duplicate', 'label': 'Duplicate', 'selection': 'single'},
                    {'name': 'mark_obsolete', 'label': 'Mark obsolete', 'selection': 'single'},
                    {'name': 'read_eid', 'label': 'Read eID card', 'selection': 'none', 'client': 'eid.read'}],
        'workflow': None,
    },
    'notes.NotesByPerson': {
        'label': 'Notes', 'model': 'notes.Note', 'canInsert': True, 'canUpdate': True, 'canDelete': True,
        'inlineEdit': True, 'pageSize': 10, 'defaultSort': ['-date'], 'quickSearch': False, 'masterKey': 'person',
        'columns': [{'name': 'date', 'width': 10}, {'name': 'type', 'width': 10}, {'name': 'subject', 'width': 30}],
        'fields': {'date': {'label': 'Date', 'type': 'date', 'editable': True, 'required': True},
                   'type': {'label': 'Type', 'type': 'choice', 'choices': NOTE_TYPE, 'editable': True},
                   'subject': {'label': 'Subject', 'type': 'char', 'editable': True, 'maxLength': 200},
                   'person': {'label': 'Person', 'type': 'fk', 'target': 'contacts.Persons', 'editable': False},
                   'body': {'label': 'Body', 'type': 'richtext', 'editable': True}},
        'filters': {}, 'params': None,
        'detail': {'type': 'panel', 'rows': [[F('date', 11), F('type', 12), F('person', 24)], [F('subject', 50)], [F('body', 50)]]},
        'insert': {'type': 'panel', 'rows': [[F('date', 11), F('type', 12)], [F('subject', 50)]]},
        'actions': [], 'workflow': None,
    },
    'countries.Countries': {
        'label': 'Countries', 'model': 'countries.Country', 'canInsert': True, 'canUpdate': True, 'canDelete': True,
        'inlineEdit': True, 'pageSize': 25, 'defaultSort': ['isocode'], 'quickSearch': True, 'masterKey': None,
        'columns': [{'name': 'isocode', 'width': 8}, {'name': 'name', 'width': 30}],
        'fields': {'isocode': {'label': 'ISO code', 'type': 'char', 'maxLength': 4, 'required': True, 'editable': True},
                   'name': {'label': 'Designation', 'type': 'babel', 'languages': ['en', 'fr', 'de', 'nl'], 'required': True, 'editable': True}},
        'filters': {'name': 'text', 'isocode': 'text'}, 'params': None,
        'detail': {'type': 'panel', 'rows': [[F('isocode', 6)], [F('name', 60)],
                                             [{'type': 'slave', 'table': 'countries.PlacesByCountry', 'label': 'Places of this country', 'height': 8}]]},
        'insert': {'type': 'panel', 'rows': [[F('isocode', 6)], [F('name', 60)]]},
        'actions': [], 'workflow': None,
    },
    'countries.Places': {
        'label': 'Places', 'model': 'countries.Place', 'canInsert': True, 'canUpdate': True, 'canDelete': True,
        'inlineEdit': True, 'pageSize': 25, 'defaultSort': ['name'], 'quickSearch': True, 'masterKey': None,
        'columns': [{'name': 'name', 'width': 20}, {'name': 'zip_code', 'width': 8}, {'name': 'country', 'width': 14},
                    {'name': 'type', 'width': 10}, {'name': 'state', 'width': 10}, {'name': 'id', 'width': 5}],
        'fields': {'id': {'label': 'ID', 'type': 'int', 'editable': False},
                   'name': {'label': 'Name', 'type': 'char', 'required': True, 'editable': True},
                   'zip_code': {'label': 'Zip code', 'type': 'char', 'editable': True},
                   'country': {'label': 'Country', 'type': 'fk', 'target': 'countries.Countries', 'required': True, 'editable': True},
                   'type': {'label': 'Type', 'type': 'choice', 'choices': PLACE_TYPE, 'editable': True},
                   'state': {'label': 'State', 'type': 'choice', 'choices': PLACE_STATE, 'editable': False}},
        'filters': {'name': 'text', 'country': 'fk', 'type': 'choice', 'state': 'choice'}, 'params': None,
        'detail': {'type': 'panel', 'rows': [[F('name', 20), F('zip_code', 8)], [F('country', 18), F('type', 12)], [F('id', 6), F('state', 12)]]},
        'insert': None, 'actions': [], 'workflow': {'field': 'state', 'transitions': TRANSITIONS},
    },
    'users.MySettings': {
        'label': 'My settings', 'model': 'users.User', 'canInsert': False, 'canUpdate': True, 'canDelete': False,
        'inlineEdit': False, 'pageSize': 25, 'defaultSort': ['username'], 'quickSearch': False, 'masterKey': None,
        'columns': [{'name': 'username', 'width': 12}],
        'fields': {'username': {'label': 'Username', 'type': 'char', 'editable': False},
                   'first_name': {'label': 'First name', 'type': 'char', 'editable': True},
                   'last_name': {'label': 'Last name', 'type': 'char', 'editable': True},
                   'email': {'label': 'E-mail', 'type': 'email', 'editable': True},
                   'language': {'label': 'Language', 'type': 'choice', 'required': True, 'editable': True,
                                'choices': [{'id': l['code'], 'text': l['name']} for l in LANGS]}},
        'filters': {}, 'params': None,
        'detail': {'type': 'panel', 'rows': [[F('username', 12)], [F('first_name', 20), F('last_name', 20)], [F('email', 30), F('language', 12)]]},
        'insert': None, 'actions': [], 'workflow': None,
    },
}
TABLES['countries.PlacesByCountry'] = dict(copy.deepcopy(TABLES['countries.Places']), masterKey='country', pageSize=10,
                                          columns=[{'name': 'name', 'width': 20}, {'name': 'zip_code', 'width': 8}, {'name': 'type', 'width': 10}],
                                          filters={}, quickSearch=False)
STORE = {'contacts.Persons': 'persons', 'notes.NotesByPerson': 'notes', 'countries.Countries': 'countries',
         'countries.Places': 'places', 'countries.PlacesByCountry': 'places', 'users.MySettings': 'users'}

# ---------------------------------------------------------------- rows


def age_of(bd):
    if not bd or bd.startswith('0000'):
        return None
    y, m, d = (int(x) for x in bd.split('-'))
    today = date(2026, 5, 22)
    return today.year - y - ((today.month, today.day) < (m or 1, d or 1))


def fk(kind, key, lang):
    if key is None:
        return None
    if kind == 'countries':
        c = DB['countries'].get(key)
        return {'id': key, 'text': (c['name'].get(lang) or c['name']['en'])} if c else None
    if kind == 'places':
        p = DB['places'].get(key)
        return {'id': key, 'text': p['name']} if p else None
    if kind == 'persons':
        p = DB['persons'].get(key)
        return {'id': key, 'text': f"{p['last_name'].upper()} {p['first_name']}"} if p else None
    return None


def choice(choices, key, lang):
    for c in choices:
        if c['id'] == key:
            return {'id': key, 'text': tr(c['text'], lang)}
    return None


def serialize(table, rec, lang):
    kind = STORE[table]
    if kind == 'persons':
        r = dict(rec)
        r['name'] = f"{rec['last_name'].upper()} {rec['first_name']}"
        r['age'] = age_of(rec['birth_date'])
        r['gender'] = choice(GENDER, rec['gender'], lang)
        r['country'] = fk('countries', rec['country'], lang)
        r['city'] = fk('places', rec['city'], lang)
        r['_title'] = f"{r['name']} ({rec['id']})"
        return r
    if kind == 'notes':
        r = dict(rec)
        r['type'] = choice(NOTE_TYPE, rec['type'], lang)
        r['person'] = fk('persons', rec['person'], lang)
        r['_title'] = f"{rec['subject']} ({rec['id']})"
        return r
    if kind == 'countries':
        r = dict(rec)
        r['_title'] = rec['name'].get(lang) or rec['name']['en']
        return r
    if kind == 'places':
        r = dict(rec)
        r['country'] = fk('countries', rec['country'], lang)
        r['type'] = choice(PLACE_TYPE, rec['type'], lang)
        st = rec.get('state', '10')
        r['state'] = choice(PLACE_STATE, st, lang)
        r['_actions'] = [t['name'] for t in TRANSITIONS if st in t['from']]
        r['_title'] = rec['name']
        return r
    if kind == 'users':
        r = {k: v for k, v in rec.items() if k != 'password'}
        r['language'] = {'id': rec['language'], 'text': next(l['name'] for l in LANGS if l['code'] == rec['language'])}
        r['_title'] = rec['username']
        r.setdefault('version', 1)
        return r


def sort_key(v):
    if v is None:
        return (0, '')
    if isinstance(v, dict):
        v = v.get('text') or v.get('en') or ''
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, (int, float)):
        return (1, v)
    if isinstance(v, str) and re.fullmatch(r'-?\d+\.\d+', v):
        return (1, float(v))
    return (2, str(v).lower())


def query_rows(table, q, lang, user):
    meta = TABLES[table]
    kind = STORE[table]
    if kind == 'users':
        recs = [USERS[user['id']]]
    else:
        recs = list(DB[kind].values())
    rows = [serialize(table, r, lang) for r in recs]
    mk = q.get('mk')
    if meta['masterKey']:
        if mk is None:
            raise ApiErr(400, 'bad_request', 'mk is required for this table.')
        rows = [r for r in rows if r[meta['masterKey']] and str(r[meta['masterKey']]['id']) == mk]
    words = (q.get('q') or '').lower().split()
    for w in words:
        rows = [r for r in rows if any(w in str(sort_key(r.get(f))[1]).lower() for f in ('name', 'email', 'city', 'isocode', 'subject', 'zip_code'))]
    if q.get('filter'):
        try:
            flist = json.loads(q['filter'])
        except ValueError:
            raise ApiErr(400, 'bad_request', 'filter is not valid JSON.')
        for f in flist:
            name, op = f.get('field'), f.get('op')
            if name not in meta['fields']:
                raise ApiErr(400, 'bad_request', f'Unknown filter field {name}.')
            def val(r):
                v = r.get(name)
                return v['id'] if isinstance(v, dict) and 'id' in v else v
            if op == 'contains':
                rows = [r for r in rows if str(f['value']).lower() in str(sort_key(r.get(name))[1]).lower()]
            elif op == 'eq':
                rows = [r for r in rows if str(val(r)) == str(f['value']) or val(r) == f['value']]
            elif op == 'in':
                rows = [r for r in rows if val(r) in f['values']]
            elif op == 'range':
                num = meta['fields'][name]['type'] in ('int', 'decimal')
                conv = (lambda x: float(x)) if num else (lambda x: str(x))
                if 'from' in f:
                    rows = [r for r in rows if val(r) is not None and conv(val(r)) >= conv(f['from'])]
                if 'to' in f:
                    rows = [r for r in rows if val(r) is not None and conv(val(r)) <= conv(f['to'])]
            else:
                raise ApiErr(400, 'bad_request', f'Unknown filter op {op}.')
    if table == 'contacts.Persons':
        if q.get('p.aged_from'):
            rows = [r for r in rows if r['age'] is not None and r['age'] >= int(q['p.aged_from'])]
        if q.get('p.aged_to'):
            rows = [r for r in rows if r['age'] is not None and r['age'] <= int(q['p.aged_to'])]
        if q.get('p.nationality'):
            rows = [r for r in rows if r['country'] and r['country']['id'] == q['p.nationality']]
    sort = q.get('sort') or ','.join(meta['defaultSort'])
    keys = [s for s in sort.split(',') if s]
    for s in reversed(keys + ['id']):
        desc = s.startswith('-')
        name = s.lstrip('-')
        rows.sort(key=lambda r: sort_key(r.get(name)), reverse=desc)
    return rows


class ApiErr(Exception):
    def __init__(self, status, code, message, fields=None, current=None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields, self.current = status, code, message, fields, current


def validate_and_apply(table, rec, values, lang, creating=False):
    meta = TABLES[table]
    kind = STORE[table]
    errors = {}
    out = {}
    for name, v in values.items():
        fm = meta['fields'].get(name)
        if fm is None:
            raise ApiErr(400, 'bad_request', f'Unknown field {name}.')
        if fm.get('editable') is False:
            raise ApiErr(400, 'bad_request', f'Field {name} is read-only.')
        t = fm['type']
        if t == 'date' and v is not None and not re.fullmatch(r'\d{4}-\d{2}-\d{2}', str(v)):
            errors[name] = 'Invalid date: use dd.mm.yyyy.'
        if t == 'decimal' and v is not None and not re.fullmatch(r'-?\d+(\.\d+)?', str(v)):
            errors[name] = 'Invalid number.'
        if t == 'email' and v and '@' not in v:
            errors[name] = 'Invalid e-mail address.'
        if t == 'fk' and v is not None:
            target = STORE[fm['target']]
            key = v if target == 'countries' else int(v)
            if key not in DB[target]:
                errors[name] = 'Unknown value.'
            v = key
        out[name] = v
    merged = dict(rec)
    merged.update(out)
    for name, fm in meta['fields'].items():
        if fm.get('required') and fm.get('editable', True) and name in meta['fields'] and (creating or name in values):
            v = merged.get(name)
            if v is None or v == '' or (isinstance(v, dict) and not any(v.values())):
                errors[name] = tr('This field is required.', lang)
    if kind == 'persons' and merged.get('first_name', '').lower() == 'error':
        errors['first_name'] = 'The server does not like this name.'
    if kind == 'notes' and merged.get('subject', '').lower() == 'unplaced':
        errors['body'] = 'Body is needed for this subject.'
    if errors:
        raise ApiErr(422, 'validation', tr('Please correct the marked fields.', lang), fields=errors)
    return merged

# ---------------------------------------------------------------- HTTP


SESSIONS = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        if os.environ.get('MOCK_QUIET'):
            return
        super().log_message(fmt, *args)

    # -- helpers
    def send_json(self, status, obj, headers=None):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Cache-Control', 'no-store')
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def session(self):
        cookie = self.headers.get('Cookie', '')
        m = re.search(r'welfare_session=([\w-]+)', cookie)
        return SESSIONS.get(m.group(1)) if m else None

    def body(self):
        n = int(self.headers.get('Content-Length') or 0)
        if not n:
            return {}
        try:
            return json.loads(self.rfile.read(n))
        except ValueError:
            raise ApiErr(400, 'bad_request', 'Malformed JSON.')

    def do_GET(self):
        self.route('GET')

    def do_POST(self):
        self.route('POST')

    def do_PUT(self):
        self.route('PUT')

    def do_DELETE(self):
        self.route('DELETE')

    def route(self, method):
        url = urlparse(self.path)
        path = unquote(url.path)
        q = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        try:
            with LOCK:
                if path.startswith('/auth/') or path.startswith('/api/'):
                    return self.api(method, path, q)
            return self.static(path)
        except ApiErr as e:
            err = {'code': e.code, 'message': e.message}
            if e.fields:
                err['fields'] = e.fields
            payload = {'error': err}
            if e.current is not None:
                payload['error']['current'] = e.current
            self.send_json(e.status, payload)

    def static(self, path):
        if path == '/':
            path = '/index.html'
        full = os.path.normpath(os.path.join(WEB, path.lstrip('/')))
        if not full.startswith(WEB) or not os.path.isfile(full):
            self.send_response(404)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        data = open(full, 'rb').read()
        ctype = mimetypes.guess_type(full)[0] or 'application/octet-stream'
        if full.endswith('.js'):
            ctype = 'text/javascript'
        self.send_response(200)
        self.send_header('Content-Type', ctype + ('; charset=utf-8' if ctype.startswith('text') else ''))
        self.send_header('Content-Length', str(len(data)))
        self.send_header('Cache-Control', 'no-cache')
        self.end_headers()
        self.wfile.write(data)

    def api(self, method, path, q):
        sess = self.session()
        if method != 'GET' and path != '/auth/login':
            if not sess:
                raise ApiErr(401, 'not_authenticated', 'Please log in.')
            if self.headers.get('X-CSRF-Token') != sess['csrf']:
                raise ApiErr(403, 'csrf', 'Missing or wrong CSRF token.')
        if path == '/auth/login' and method == 'POST':
            b = self.body()
            user = next((u for u in USERS.values() if u['username'] == b.get('username')), None)
            if not user or user['password'] != b.get('password'):
                raise ApiErr(401, 'login_failed', 'Wrong username or password.')
            token = secrets.token_urlsafe(16)
            SESSIONS[token] = {'user': user['id'], 'csrf': secrets.token_urlsafe(16)}
            return self.send_json(200, {'user': self.user_json(user), 'csrfToken': SESSIONS[token]['csrf']},
                                  {'Set-Cookie': f'welfare_session={token}; HttpOnly; SameSite=Strict; Path=/'})
        if not sess:
            raise ApiErr(401, 'not_authenticated', 'Please log in.')
        user = USERS[sess['user']]
        lang = user['language']
        if path == '/auth/logout':
            for k, v in list(SESSIONS.items()):
                if v is sess:
                    del SESSIONS[k]
            return self.send_json(200, {}, {'Set-Cookie': 'welfare_session=; Max-Age=0; Path=/'})
        if path == '/auth/me':
            return self.send_json(200, {'user': self.user_json(user), 'csrfToken': sess['csrf']})
        if path == '/api/me/language' and method == 'POST':
            code = self.body().get('language')
            if code not in FORMATS:
                raise ApiErr(400, 'bad_request', 'Unknown language.')
            user['language'] = code
            return self.send_json(200, {})
        if path == '/api/site':
            return self.send_json(200, self.site(user, sess))
        if path == '/api/services/beid/preview' and method == 'POST':
            return self.send_json(*mock_eid.preview(self.body()))
        if path == '/api/services/beid/apply' and method == 'POST':
            return self.send_json(*mock_eid.apply(self.body()))
        m = re.fullmatch(r'/api/tables/([\w.]+)(?:/(.*))?', path)
        if not m or m.group(1) not in TABLES:
            raise ApiErr(404, 'not_found', 'Unknown table.')
        table, rest = m.group(1), m.group(2) or ''
        meta = TABLES[table]
        if rest == '' and method == 'GET':
            return self.send_json(200, translate_labels(dict(meta, name=table), lang))
        if rest == 'rows' and method == 'GET':
            rows = query_rows(table, q, lang, user)
            off, lim = int(q.get('offset', 0)), int(q.get('limit', meta['pageSize']))
            return self.send_json(200, {'rows': rows[off:off + lim], 'total': len(rows), 'offset': off, 'limit': lim})
        if rest == 'rows' and method == 'POST':
            return self.insert(table, meta, q, lang, user)
        mm = re.fullmatch(r'rows/([\w-]+)', rest)
        if mm:
            return self.one_row(method, table, meta, mm.group(1), q, lang, user)
        mm = re.fullmatch(r'choices/(\w+)', rest)
        if mm:
            return self.choices(method, table, meta, mm.group(1), q, lang)
        mm = re.fullmatch(r'actions/(\w+)', rest)
        if mm and method == 'POST':
            return self.action(table, mm.group(1), lang)
        if rest == 'export.csv':
            rows = query_rows(table, q, lang, user)
            buf = io.StringIO()
            w = csv.writer(buf, delimiter=';')
            cols = [c['name'] for c in meta['columns']]
            w.writerow([tr(meta['fields'][c]['label'], lang) for c in cols])
            for r in rows:
                w.writerow([sort_key(r.get(c))[1] if isinstance(r.get(c), dict) else ('' if r.get(c) is None else r.get(c)) for c in cols])
            data = ('\ufeff' + buf.getvalue()).encode()
            self.send_response(200)
            self.send_header('Content-Type', 'text/csv; charset=utf-8')
            self.send_header('Content-Disposition', f'attachment; filename="{table}.csv"')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        raise ApiErr(404, 'not_found', 'Unknown resource.')

    def user_json(self, u):
        return {'id': u['id'], 'username': u['username'], 'fullName': f"{u['first_name']} {u['last_name']}",
                'language': u['language'], 'userType': u['userType']}

    def site(self, user, sess):
        lang = user['language']
        menu = [
            {'label': 'Contacts', 'items': [{'label': 'Persons', 'table': 'contacts.Persons'}]},
            {'label': 'Configuration', 'items': [
                {'label': 'Places', 'items': [{'label': 'Countries', 'table': 'countries.Countries'},
                                              {'label': 'Places', 'table': 'countries.Places'}]}]},
            {'label': 'Site', 'items': [{'label': 'About', 'command': 'about'},
                                        {'label': 'My settings', 'command': 'mySettings', 'table': 'users.MySettings', 'id': user['id']},
                                        {'separator': True},
                                        {'label': 'Log out', 'command': 'logout'}]},
        ]
        return {'siteName': 'CPAS de Kettenis (mock)', 'version': '0.1.0-dev', 'language': lang, 'languages': LANGS,
                'user': self.user_json(user), 'csrfToken': sess['csrf'], 'formats': FORMATS[lang],
                'menu': translate_labels(menu, lang), 'strings': SHELL_FR if lang == 'fr' else {}, 'eid': SITE['eid']}

    def find(self, table, rid, user):
        kind = STORE[table]
        if kind == 'users':
            if str(user['id']) != rid:
                raise ApiErr(404, 'not_found', 'No such record.')
            return USERS[user['id']]
        key = rid if kind == 'countries' else (int(rid) if rid.isdigit() else None)
        rec = DB[kind].get(key)
        if rec is None:
            raise ApiErr(404, 'not_found', 'No such record.')
        return rec

    def one_row(self, method, table, meta, rid, q, lang, user):
        rec = self.find(table, rid, user)
        kind = STORE[table]
        if method == 'GET':
            if kind == 'users':
                return self.send_json(200, {'row': serialize(table, rec, lang), 'navigation': None})
            ids = [r['id'] for r in query_rows(table, q, lang, user)]
            nav = None
            if rec['id'] in ids:
                i = ids.index(rec['id'])
                nav = {'first': ids[0], 'prev': ids[i - 1] if i > 0 else None, 'next': ids[i + 1] if i + 1 < len(ids) else None,
                       'last': ids[-1], 'index': i + 1, 'total': len(ids)}
            return self.send_json(200, {'row': serialize(table, rec, lang), 'navigation': nav})
        if method == 'PUT':
            b = self.body()
            if b.get('version') != rec.get('version', 1):
                raise ApiErr(409, 'conflict', 'Someone else changed this record.', current=serialize(table, rec, lang))
            merged = validate_and_apply(table, rec, b.get('values', {}), lang)
            merged['version'] = rec.get('version', 1) + 1
            rec.clear()
            rec.update(merged)
            return self.send_json(200, {'row': serialize(table, rec, lang)})
        if method == 'DELETE':
            if kind == 'countries':
                n = sum(1 for p in DB['places'].values() if p['country'] == rec['id'])
                if n:
                    raise ApiErr(409, 'veto', f"{rec['name'].get(lang) or rec['name']['en']} is used by {n} Places.")
            if kind == 'places':
                n = sum(1 for p in DB['persons'].values() if p['city'] == rec['id'])
                if n:
                    raise ApiErr(409, 'veto', f"{rec['name']} is used by {n} Persons.")
            del DB[kind][rec['id']]
            return self.send_json(200, {})
        raise ApiErr(404, 'not_found', 'Unknown method.')

    def insert(self, table, meta, q, lang, user):
        if not meta['canInsert']:
            raise ApiErr(403, 'forbidden', 'Not allowed.')
        kind = STORE[table]
        values = self.body().get('values', {})
        base = {'persons': {'first_name': '', 'last_name': '', 'gender': None, 'birth_date': None, 'email': '', 'url': '',
                            'country': None, 'city': None, 'amount': None, 'is_obsolete': False, 'start_time': None,
                            'created': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'), 'remarks': '', 'body': ''},
                'notes': {'date': None, 'type': None, 'subject': '', 'body': ''},
                'places': {'name': '', 'zip_code': '', 'country': None, 'type': None},
                'countries': {'isocode': '', 'name': None}}[kind]
        if meta['masterKey']:
            mk = q.get('mk')
            if not mk:
                raise ApiErr(400, 'bad_request', 'mk is required.')
            base[meta['masterKey']] = mk if kind == 'places' else int(mk)
        if kind == 'places' and 'type' in values and values['type'] is None:
            pass
        merged = validate_and_apply(table, base, values, lang, creating=True)
        if kind == 'countries':
            rid = merged['isocode'].upper()
            if rid in DB['countries']:
                raise ApiErr(422, 'validation', 'Please correct the marked fields.', fields={'isocode': 'This code exists already.'})
        else:
            rid = next_id(kind)
        merged.update(id=rid, version=1)
        DB[kind][rid] = merged
        return self.send_json(201, {'row': serialize(table, merged, lang)})

    def choices(self, method, table, meta, field, q, lang):
        fm = meta['fields'].get(field) or (meta.get('params') or {}).get('fields', {}).get(field)
        if not fm:
            raise ApiErr(404, 'not_found', 'Unknown field.')
        if method == 'POST':
            if not fm.get('learning'):
                raise ApiErr(403, 'forbidden', 'This field does not learn.')
            b = self.body()
            text = (b.get('text') or '').strip()
            if not text:
                raise ApiErr(422, 'validation', 'Text is required.', fields={field: 'Text is required.'})
            pid = next_id('places')
            DB['places'][pid] = {'id': pid, 'name': text, 'zip_code': '', 'country': (b.get('ctx') or {}).get('country'), 'type': 'C', 'version': 1}
            return self.send_json(201, {'id': pid, 'text': text})
        text = (q.get('q') or '').lower()
        if fm['type'] == 'choice':
            rows = [{'id': c['id'], 'text': tr(c['text'], lang)} for c in fm['choices']]
        else:
            target = STORE[fm['target']]
            recs = list(DB[target].values())
            if target == 'places' and q.get('ctx.country'):
                recs = [r for r in recs if r['country'] == q['ctx.country']]
            rows = [fk(target, r['id'], lang) for r in recs]
        rows = sorted([r for r in rows if text in r['text'].lower()], key=lambda r: r['text'].lower())
        off, lim = int(q.get('offset', 0)), int(q.get('limit', 20))
        return self.send_json(200, {'rows': rows[off:off + lim], 'total': len(rows)})

    def action(self, table, name, lang):
        b = self.body()
        ids = b.get('ids', [])
        if table == 'contacts.Persons' and name == 'duplicate':
            src = DB['persons'].get(ids[0] if ids else None)
            if not src:
                raise ApiErr(404, 'not_found', 'No such record.')
            nid = next_id('persons')
            DB['persons'][nid] = dict(copy.deepcopy(src), id=nid, version=1)
            return self.send_json(200, {'message': 'Duplicated.', 'refresh': True, 'open': {'table': table, 'id': nid}})
        if table == 'contacts.Persons' and name == 'mark_obsolete':
            for i in ids:
                if i in DB['persons']:
                    DB['persons'][i]['is_obsolete'] = True
                    DB['persons'][i]['version'] += 1
            return self.send_json(200, {'message': f'{len(ids)} person(s) marked obsolete.', 'refresh': True})
        tr_ = next((t for t in TRANSITIONS if t['name'] == name), None)
        if table.startswith('countries.Place') and tr_:
            for i in ids:
                p = DB['places'].get(i)
                if not p or p.get('state', '10') not in tr_['from']:
                    raise ApiErr(403, 'forbidden', 'This transition is not allowed.')
                p['state'] = tr_['to']
                p['version'] += 1
            return self.send_json(200, {'message': f"{tr_['label']}: done.", 'refresh': True})
        raise ApiErr(404, 'not_found', 'Unknown action.')


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--port', type=int, default=8099)
    ap.add_argument('--helper-port', type=int, default=9375, help='port of the fake eID helper (0: none)')
    args = ap.parse_args()
    seed()
    if args.helper_port:
        origins = [f'http://127.0.0.1:{args.port}', f'http://localhost:{args.port}']
        mock_eid.setup(DB, next_id, origins)
        SITE['eid'] = {'helper': mock_eid.start_helper(args.helper_port)}
        print(f'fake eID helper on {SITE["eid"]["helper"]} (scenario: {SITE["eid"]["helper"]}/dev/scenario?name=known)')
    srv = ThreadingHTTPServer(('127.0.0.1', args.port), Handler)
    print(f'mock API on http://127.0.0.1:{args.port}/ (robin / 1234), serving {WEB}')
    srv.serve_forever()


if __name__ == '__main__':
    main()
