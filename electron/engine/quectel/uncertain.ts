/**
 * THE single table of items that /work/shared/reference/quectel-at.md marks UNCERTAIN (or that the
 * reference leaves unsaid), with what Fieldlink assumes. The command library reads its choices
 * from here; the simulator reads `simulator` to behave the same way by default (and may offer a
 * fault scenario for the other behaviour). Add rows; never remove someone else's row. When a real
 * device settles a row, change the row and the code that reads it together.
 */

export interface UncertainItem {
  /** Stable id, cited from code and tests. */
  id: string;
  /** Command or topic, e.g. `AT+QICSGP`. */
  topic: string;
  /** What Fieldlink assumes and does. */
  assumption: string;
  /** What the reference says (or does not say). */
  reference: string;
  /** Section of quectel-at.md (or another shared doc). */
  source: string;
  /** What the virtual device does by default. */
  simulator: string;
  /** A machine-readable decision the code reads, when the row drives behaviour. */
  choice?: string;
}

export const UNCERTAIN = [
  {
    id: 'qicsgp-form',
    topic: 'AT+QICSGP',
    assumption:
      'We send the documented form AT+QICSGP=<cid>,<type>,"<apn>","<user>","<pass>",<auth>. When the profile gives no APN we first read the context (AT+QICSGP=<cid>) and write back its APN, user, password and auth with the new type, so a carrier-provisioned APN is kept.',
    reference:
      "The seed sends AT+QICSGP=<cid>,3 (type without APN), which is outside the documented syntax (APN required once the type is given); behaviour may be ERROR. Safe form: AT+QICSGP=<cid>,3,\"<apn>\",\"\",\"\",0.",
    source: 'quectel-at.md §4, §11',
    simulator: 'Accept the documented form; answer ERROR to the seed form AT+QICSGP=<cid>,<type> (fault scenario may accept it).',
    choice: 'documented',
  },
  {
    id: 'qicsgp-ipv4v6',
    topic: 'AT+QICSGP',
    assumption: 'Context type 3 (IPv4v6) is accepted (the spec asks for it).',
    reference: 'Type 3 on EC2x is from memory of the EC2x TCP/IP manual, not re-verified; BG96 TCP manual V1.0 lists only 1 and 2.',
    source: 'quectel-at.md §1, §4, §11',
    simulator: 'Accept types 1, 2 and 3.',
  },
  {
    id: 'qcds-global-firmware',
    topic: 'AT+QCDS',
    assumption:
      'Plain ERROR, +CME ERROR: 3 or +CME ERROR: 4 to AT+QCDS means "command not available": checkDataService falls back to AT+CEREG?/AT+CREG? (stat 1 or 5) plus an active context in AT+QIACT?.',
    reference: 'AT+QCDS exists only on Korean-operator firmware; on global firmware it is expected to be an unknown command (ERROR).',
    source: 'quectel-at.md §1, §3, §11; connect-sequence.md step 2',
    simulator: 'Answer +QCDS on the default (Korean) profile; a "global firmware" scenario answers ERROR.',
  },
  {
    id: 'qcds-status-tokens',
    topic: 'AT+QCDS',
    assumption: 'In service only when field 0 is exactly the token SRV (not a substring test); any other token (LIMITED, unknown) is "not in service".',
    reference: 'Only SRV and LIMITED have been seen; other tokens are UNCERTAIN, and a substring test for SRV would match hypothetical tokens containing those letters.',
    source: 'quectel-at.md §3, §11',
    simulator: 'Answer "SRV" when registered with an active context, "LIMITED" otherwise.',
  },
  {
    id: 'qcds-field-names',
    topic: 'AT+QCDS',
    assumption: 'Fields read as: 0 status, 1 radio, 2 PLMN, 3 channel, 4 cell id (hex), 6 service domain, 7 PCI, 8 TAC, 9 RSSI, 10 RSRP, 11 RSRQ; field 5 and 12+ kept raw only.',
    reference: 'Fields 3/4 are named in the opposite order by WIZnet; field 5 (R13 / 4) and 12+ have no confirmed meaning.',
    source: 'quectel-at.md §3',
    simulator: 'Use the BG96/SKT sample layout: "SRV","CAT-M",45012,2500,13BD0B,R13,3,368,2058,-62,-88,-9,3,128,0,0,0.',
  },
  {
    id: 'ufs-prefix',
    topic: 'UFS file names',
    assumption: 'File names carry the "UFS:" prefix (profile moduleFiles); a name listed by AT+QFLST without the prefix is the same file.',
    reference: '"UFS:<name>" is used by EC2x drivers; BG96 FILE manual V1.0 documents only bare names.',
    source: 'quectel-at.md §1, §5, §7.5',
    simulator: 'Accept names with or without "UFS:" as the same UFS file; list them without the prefix.',
  },
  {
    id: 'qflst-missing-file',
    topic: 'AT+QFLST="<name>"',
    assumption: 'A missing file answers +CME ERROR: 405 (file not found) or a bare OK; both mean "absent".',
    reference: 'Listing one name is an "error if absent"; the code is not given.',
    source: 'quectel-at.md §5',
    simulator: 'Answer +CME ERROR: 405.',
  },
  {
    id: 'qfdel-missing-file',
    topic: 'AT+QFDEL',
    assumption: 'Deleting a missing file answers +CME ERROR: 405; deleteFile(..., {missingOk: true}) treats it as done.',
    reference: '405 is expected from the table but was not observed.',
    source: 'quectel-at.md §5',
    simulator: 'Answer +CME ERROR: 405.',
  },
  {
    id: 'qfupl-input-timeout',
    topic: 'AT+QFUPL',
    assumption: 'When input stops early the module may print +QFUPL with the short size or +CME ERROR: 421; both fail the upload (size mismatch or the CME error).',
    reference: 'What is printed in the timeout case (partial +QFUPL or +CME ERROR: 421) is UNCERTAIN.',
    source: 'quectel-at.md §5, §11',
    simulator: 'Print +QFUPL: <received>,<checksum> then OK.',
  },
  {
    id: 'qfdwl-reply-shape',
    topic: 'AT+QFDWL',
    assumption:
      'AT+QFDWL="<name>" → CONNECT, exactly <size> file bytes (size known from AT+QFLST beforehand), then +QFDWL: <size>,<checksum> and OK; the checksum is the same XOR as QFUPL.',
    reference: 'Only "follows the same CONNECT pattern; see BG96-FILE §3".',
    source: 'quectel-at.md §5',
    simulator: 'CONNECT\\r\\n, the bytes, \\r\\n+QFDWL: <size>,<cksum>\\r\\n\\r\\nOK\\r\\n.',
  },
  {
    id: 'file-error-table-ec2x',
    topic: 'FILE 4xx',
    assumption: 'The BG96 FILE 4xx table applies to EC2x.',
    reference: 'Newer EC2x FILE documents may renumber or extend the table.',
    source: 'quectel-at.md §5',
    simulator: 'Use the BG96 table.',
  },
  {
    id: 'qsslcfg-defaults',
    topic: 'AT+QSSLCFG',
    assumption: 'Defaults are never relied on: sslversion, ciphersuite, seclevel and ignorelocaltime are always written.',
    reference: 'Defaults of sslversion (commonly 4), seclevel (commonly 0), ignorelocaltime and ciphersuite are lost in text copies of the PDFs.',
    source: 'quectel-at.md §6, §11',
    simulator: 'Defaults sslversion 4, ciphersuite 0xFFFF, seclevel 0, ignorelocaltime 0, negotiatetime 300.',
  },
  {
    id: 'qsslcfg-response-time',
    topic: 'AT+QSSLCFG',
    assumption: 'Short configuration command: the engine default timeout applies (≤ 300 ms typical).',
    reference: 'Maximum response time not stated in BG96-SSL.',
    source: 'quectel-at.md §6',
    simulator: 'Answer at once.',
  },
  {
    id: 'qhttpcfg-contenttype-numbering',
    topic: 'AT+QHTTPCFG="contenttype"',
    assumption: 'Values follow the manual: 0 x-www-form-urlencoded, 1 text/plain, 2 octet-stream, 3 multipart; the sequence sends what the spec says (1). Irrelevant for GET.',
    reference: 'The seed sends "contenttype",1 and calls it application/x-www-form-urlencoded; BG96-HTTP numbers 1 = text/plain.',
    source: 'quectel-at.md §7.1; seed-server-connect.ko.md',
    simulator: 'Accept 0–3.',
  },
  {
    id: 'qhttpurl-max-length',
    topic: 'AT+QHTTPURL',
    assumption: 'URLs are limited to 1–700 bytes (spec and BG96).',
    reference: 'Newer LTE Standard firmware allows longer URLs.',
    source: 'quectel-at.md §7.2',
    simulator: 'Reject lengths outside 1–700 with +CME ERROR: 730.',
  },
  {
    id: 'qhttpurl-input-timeout',
    topic: 'AT+QHTTPURL',
    assumption: 'An input timeout ends in a +CME ERROR (726 expected); any error fails setUrl.',
    reference: 'Expected 726 input timeout — UNCERTAIN which code.',
    source: 'quectel-at.md §7.2, §11',
    simulator: 'Answer +CME ERROR: 726.',
  },
  {
    id: 'qhttpreadfile-existing-file',
    topic: 'AT+QHTTPREADFILE',
    assumption: 'The target file is deleted first (AT+QFDEL, missing is fine), so overwrite-vs-error never matters.',
    reference: 'Behaviour when the file already exists (overwrite vs error) is UNCERTAIN.',
    source: 'quectel-at.md §7.5, §11',
    simulator: 'Overwrite the file.',
  },
  {
    id: 'qhttpreadfile-text-result',
    topic: '+QHTTPREADFILE',
    assumption: 'A non-numeric +QHTTPREADFILE text (e.g. "Http socket close") and 705 are failures, reported with the text.',
    reference: 'One public driver saw +QHTTPREADFILE: Http socket close; another treats 705 as benign. Single sources.',
    source: 'quectel-at.md §7.5',
    simulator: 'Numeric codes only.',
  },
  {
    id: 'urcs-in-data-mode',
    topic: 'data mode (CONNECT)',
    assumption: 'URCs may be lost while a port is in data mode; data-mode windows are kept short and deferred results are awaited only after the data phase.',
    reference: 'BC660K says URCs are lost in data mode; EG25-G has AT+QCFG="urc/cache" suggesting caching. UNCERTAIN for EC2x/BG96.',
    source: 'quectel-at.md §0, §11',
    simulator: 'Hold URCs raised during data mode and deliver them after OK (cache).',
  },
  {
    id: 'echo-after-reset',
    topic: 'ATE0',
    assumption: 'Echo state does not survive a reset: ATE0 is sent after every RDY.',
    reference: 'Whether echo survives a reset without AT&W is UNCERTAIN.',
    source: 'quectel-at.md §0',
    simulator: 'Echo back on after every reboot.',
  },
  {
    id: 'qmtcfg-defaults',
    topic: 'AT+QMTCFG',
    assumption: 'version, pdpcid, ssl, keepalive and will are always written before QMTOPEN; settings are re-written after any reboot.',
    reference: 'Default of "version" is UNCERTAIN; whether settings survive a reboot is UNCERTAIN (secondary source says they do not).',
    source: 'quectel-at.md §8.1, §11',
    simulator: 'Defaults version 4, pdpcid 1, ssl 0, keepalive 120, session 1, timeout 5,3,0; forget them on reboot.',
  },
  {
    id: 'qmtcfg-will-message-quotes',
    topic: 'AT+QMTCFG="will"',
    assumption:
      'The will message is the last parameter and may contain `"` (the LWT is JSON); it is sent between quotes unescaped, as the seed does, assuming the module takes the text up to the final quote of the line. The will topic may not contain `"`.',
    reference: 'No escape for `"` is documented; the seed sends the JSON will message raw inside quotes. Maximum lengths UNCERTAIN (≈256 bytes).',
    source: 'quectel-at.md §0, §8.1; seed-server-connect.ko.md',
    simulator: 'Take the will message from the quote after the topic to the last quote of the line.',
  },
  {
    id: 'qmtconn-retransmission',
    topic: '+QMTCONN / +QMTSUB / +QMTPUB result 1',
    assumption: 'Result 1 (retransmission) is not success (M7); we keep waiting for a final 0 or 2 until the timeout and fail with "retransmitting" if none comes.',
    reference: 'result 1 = packet retransmission (value = count); whether a final 0/2 URC follows is not stated.',
    source: 'quectel-at.md §8.4, §8.6, §8.7; fault-catalogue M7',
    simulator: 'A "lossy broker" scenario prints result 1 then a final 0 or 2.',
  },
  {
    id: 'qmtsub-refused-128',
    topic: '+QMTSUB',
    assumption: 'A granted value 128 for a topic means the broker refused that subscription: subscribe fails.',
    reference: 'Refusal as 128 follows MQTT semantics; Quectel text does not show it.',
    source: 'quectel-at.md §8.6',
    simulator: 'Print 128 for a refused topic.',
  },
  {
    id: 'qmtpub-form',
    topic: 'AT+QMTPUB',
    assumption: 'Always the variable-length Ctrl-Z form; payload max 1548 bytes, no 0x1A/0x1B inside.',
    reference: 'Fixed-length form and AT+QMTPUBEX availability on a given EC2x/BG96 build are UNCERTAIN.',
    source: 'quectel-at.md §1, §8.7, §11',
    simulator: 'Support the Ctrl-Z form (fixed-length form optional).',
  },
  {
    id: 'qmtrecv-formats',
    topic: '+QMTRECV',
    assumption:
      'recv/mode 0 with or without <payload_len>; the payload is taken from its opening quote to the LAST quote of the line (it is not escaped); with a length the payload must have that many bytes. A payload containing CR/LF that the framer split into lines is reported as incomplete.',
    reference: 'Real devices quote the payload; the BG96 manual prints it unquoted; inner quotes and commas are not escaped; payload may contain CR/LF. recv/mode 1 details UNCERTAIN.',
    source: 'quectel-at.md §8.8, §11',
    simulator: 'recv/mode 0 with length enabled when configured, otherwise without; payload quoted.',
  },
  {
    id: 'qmtstat-8',
    topic: '+QMTSTAT',
    assumption: 'Codes 8–255 are reported as "reserved / unknown" and treated as a closed link.',
    reference: 'Reserved; some non-target docs use 8 = client closed the connection.',
    source: 'quectel-at.md §8.8',
    simulator: 'Use 1–7 only.',
  },
  {
    id: 'qmtclose-on-closed',
    topic: 'AT+QMTCLOSE / AT+QMTDISC',
    assumption: 'On an already closed client the module answers ERROR; resetMqttClient ignores errors from both.',
    reference: 'Reported by a secondary source.',
    source: 'quectel-at.md §8.3',
    simulator: 'Answer ERROR for a client that is not open.',
  },
  {
    id: 'qmtopen-tls-time',
    topic: 'AT+QMTOPEN',
    assumption: 'mqttOpen waits 75 s for +QMTOPEN by default; a caller that wants the TLS negotiate time added passes a longer timeoutMs.',
    reference: '75 s network dependent, plus TLS negotiation (UNCERTAIN).',
    source: 'quectel-at.md §8.2, §8.9',
    simulator: 'Answer within a second.',
  },
  {
    id: 'qmtopen-error-without-ok',
    topic: 'AT+QMTOPEN',
    assumption: 'A parameter error comes back as ERROR/+CME ERROR instead of OK and rejects mqttOpen as a command error.',
    reference: 'One BG95 post shows +QMTOPEN: 0,-1 followed by ERROR with no OK (maybe edited).',
    source: 'quectel-at.md §8.2',
    simulator: 'OK then the URC.',
  },
  {
    id: 'qhttpread-unknown-length',
    topic: 'AT+QHTTPREAD (AT engine data mode)',
    assumption:
      'With a Content-Length the AT engine reads exactly that many bytes after CONNECT. Without one it takes everything up to the first \\r\\nOK\\r\\n as the body, so a body that itself contains \\r\\nOK\\r\\n is cut there (the rest is parsed as lines). A mid-body +CME ERROR is only seen as a data-phase timeout.',
    reference: 'Delimit by <content_length> when present, otherwise by the trailing \\r\\nOK\\r\\n followed by +QHTTPREAD:.',
    source: 'quectel-at.md §7.4',
    simulator: 'Send the body, \\r\\nOK\\r\\n, then +QHTTPREAD: 0.',
  },
  {
    id: 'cfun-response-time',
    topic: 'AT+CFUN',
    assumption: 'The AT engine waits 15 s for the result of AT+CFUN (BG96-ATC value).',
    reference: 'No maximum response time for AT+CFUN in quectel-at.md.',
    source: 'quectel-at.md §2; electron/engine/at/command-table.ts',
    simulator: 'Answer OK at once (then the power-up URCs for AT+CFUN=1,1).',
  },
  {
    id: 'usb-interface-roles',
    topic: 'USB interfaces (fieldlink ports)',
    assumption:
      'On a Quectel modem (USB VID 2c7c) the USB interface number tells the role: if00 diagnostics (DM), if01 NMEA, if02 AT, if03 PPP modem; `fieldlink ports` marks if02 as the AT port (table QUECTEL_INTERFACE_ROLES in transport/list.ts).',
    reference: 'quectel-at.md does not describe the USB interface layout; it is the common EC2x/EG25-G/BG96 layout (Linux option driver ttyUSB0-3). Other families (e.g. 5G RM5xx, or modules in ECM/MBIM composition) may number interfaces differently.',
    source: 'quectel-at.md §0 (AT+QURCCFG "usbat"/"usbmodem" names the AT and modem ports, not their numbers)',
    simulator: 'Not applicable (the virtual device has no USB identity).',
  },
  {
    id: 'qcds-sim-answer',
    topic: 'AT+QCDS (virtual device)',
    assumption: 'Hosts read +QCDS fields by position only (qcds-field-names), so the radio token (CAT-M / 4G) does not matter.',
    reference: 'Both the BG96/SKT Cat-M sample and the EC21-KL 4G samples share the field positions; the virtual device is an EC21-class LTE module.',
    source: 'quectel-at.md §3',
    simulator:
      'Answer the EC21-KL 4G layout: +QCDS: "SRV","4G",45005,1550,B0D60E,4,3,153,1202,-62,-88,-9,5,128,0,0,0 ("LIMITED" with field 6 = 0 when not registered or no active context).',
  },
  {
    id: 'pdp-default-context',
    topic: 'AT+QIACT? after attach; HTTP/MQTT on an inactive context',
    assumption: 'Context 1 may already be active after boot (LTE default bearer); hosts check AT+QIACT? before AT+QIACT=1.',
    reference: 'AT+QIACT? lists only active contexts; activating an active one is ERROR. Whether HTTP/MQTT activate their context by themselves is not stated.',
    source: 'quectel-at.md §4, §7, §8',
    simulator:
      'Context 1 is active once registered. QHTTPGET/QMTOPEN activate their configured context when registered; without network QHTTPGET reports +QHTTPGET: 707 and QMTOPEN +QMTOPEN: <idx>,3.',
  },
  {
    id: 'qhttpget-tls-failure',
    topic: '+QHTTPGET (HTTPS)',
    assumption: 'Any 7xx on an https URL may be a TLS problem; the failure message points at QSSLCFG for 716 on https.',
    reference: 'HTTP TLS failures show as +QHTTPGET: <7xx> (e.g. 716 socket connect error, 702 timeout); no TLS-specific code.',
    source: 'quectel-at.md §6',
    simulator: 'Handshake or certificate failure → +QHTTPGET: 716; DNS → 714; refused → 716; no answer within <rsptime> → 702; reset while reading → 719/717.',
  },
  {
    id: 'qhttpurl-bad-scheme',
    topic: 'AT+QHTTPURL',
    assumption: 'The host only sends http:// or https:// URLs; any error after CONNECT fails setUrl.',
    reference: 'The URL must start with http:// or https://; where a bad URL is reported is not stated.',
    source: 'quectel-at.md §7.2',
    simulator: 'A URL without http(s):// (or unparsable) → +CME ERROR: 711 after the bytes, instead of OK.',
  },
  {
    id: 'qhttpread-nothing-pending',
    topic: 'AT+QHTTPREAD / AT+QHTTPREADFILE without a response',
    assumption: 'Read once per GET; a second read is an error.',
    reference: 'QHTTPREAD is allowed only after a successful +QHTTPGET; 705 = no GET/POST request.',
    source: 'quectel-at.md §7.4, §7.5',
    simulator: 'The response is consumed by the read. QHTTPREAD without one → +CME ERROR: 705; QHTTPREADFILE → OK then +QHTTPREADFILE: 705.',
  },
  {
    id: 'qmtconn-refusal-link',
    topic: '+QMTCONN refusal',
    assumption: 'After +QMTCONN: <idx>,0,<rc≠0> the client is closed; reopen with AT+QMTOPEN.',
    reference: 'ret_code is the CONNACK code; what happens to the link afterwards is not stated (the broker closes it per MQTT).',
    source: 'quectel-at.md §8.4, §8.8',
    simulator: '+QMTCONN: <idx>,0,<rc> followed by +QMTSTAT: <idx>,1 as the link closes. No CONNACK within pkt_timeout → +QMTCONN: <idx>,2 then +QMTSTAT: <idx>,4.',
  },
  {
    id: 'qmtpub-esc',
    topic: 'AT+QMTPUB (ESC)',
    assumption: 'ESC is never sent except to abandon a prompt; no +QMTPUB URC follows.',
    reference: 'ESC (0x1B) cancels; the printed answer is not stated.',
    source: 'quectel-at.md §8.7',
    simulator: 'ESC → OK and no URC. Payload bytes after the prompt are not echoed.',
  },
  {
    id: 'qmtcfg-query-format',
    topic: 'AT+QMTCFG query',
    assumption: 'Query answers are parsed by item name, not by field count.',
    reference: 'Omitting the values turns a sub-command into a query: +QMTCFG: "<item>",<values>.',
    source: 'quectel-at.md §8.1',
    simulator: '+QMTCFG: "<item>",<values> without the client index (e.g. +QMTCFG: "keepalive",120; "ssl",1,2; "timeout",5,3,0).',
  },
  {
    id: 'boot-no-sim',
    topic: 'power-up URCs without a SIM',
    assumption: 'Hosts never wait for +CPIN: READY at boot; they ask AT+CPIN?.',
    reference: 'The power-up burst lists +CPIN: READY / +QUSIM: 1 for a present SIM; the no-SIM form is not given.',
    source: 'quectel-at.md §0, §2',
    simulator: 'RDY, +CFUN: 1, +CPIN: NOT READY, APP RDY; AT+CPIN? → +CME ERROR: 10 (text "SIM not inserted" with CMEE=2).',
  },
  {
    id: 'parameter-errors',
    topic: 'invalid parameters, non-AT lines',
    assumption: 'Any ERROR or +CME ERROR is a failure; hosts never send lines that do not start with AT.',
    reference: 'A syntactically invalid command or an unsupported form yields ERROR or +CME ERROR: 3; default CMEE is not stated.',
    source: 'quectel-at.md §0',
    simulator:
      'Unknown command or bad parameter → ERROR; known command in an unsupported form (AT+CSQ?) → +CME ERROR: 3; CMEE=1 after boot; a line without AT is echoed and ignored.',
  },
  {
    id: 'tls-server-name',
    topic: 'TLS server verification (QSSLCFG seclevel)',
    assumption: 'Server certificates carry the broker/server host in their SAN anyway; the module is not relied on to check it.',
    reference: 'seclevel 1/2 verify the server against the CA; host name checking ("checkhost") is a separate, newer item.',
    source: 'quectel-at.md §6',
    simulator: 'Verify the chain against the uploaded CA (and validity dates unless ignorelocaltime=1); no host name check; SNI sent for DNS names; TLS 1.0–1.2 only.',
  },
  {
    id: 'qsslcfg-ignorelocaltime',
    topic: 'TLS certificate dates (QSSLCFG ignorelocaltime)',
    assumption:
      'ignorelocaltime=1 is written, so the module does not check certificate dates (its clock is often unset); Fieldlink checks the client certificate dates on the computer before upload, and the report says the module time check is off.',
    reference: 'ignorelocaltime 0 checks validity against the module clock, 1 ignores it; whether 1 skips every date check (server chain and CA) on every firmware is not stated.',
    source: 'quectel-at.md §6',
    simulator: 'ignorelocaltime=1 skips every validity-date check of the server chain.',
  },
  {
    id: 'qfupl-no-space',
    topic: 'AT+QFUPL (size above free space)',
    assumption: 'Free space is checked with AT+QFLDS="UFS" before uploading or downloading (F7).',
    reference: 'The test answer bounds <file_size> by the free size; the error for a larger size is not given.',
    source: 'quectel-at.md §5',
    simulator: '+CME ERROR: 403 (drive full) before CONNECT; QHTTPREADFILE without space → +QHTTPREADFILE: 403.',
  },
  {
    id: 'tmsfota-error-reason',
    topic: '+TMSFOTA error URC (TMS2 service command)',
    assumption: 'The reason is shown to the user as text.',
    reference: 'connect-sequence.md: +TMSFOTA: <target>,"ERROR",<reason> without saying how <reason> is written.',
    source: 'connect-sequence.md, TMS2 service commands',
    simulator:
      'Checks run after OK; reasons are quoted texts: "file not found", "size mismatch", "sha256 mismatch", "bad image header", "wrong target". Progress 10…100 in steps of 10.',
  },
  {
    id: 'data-mode-escape',
    topic: '+++ in data mode (AT+QFUPL, AT+QHTTPURL)',
    assumption: '+++ (1 s of silence before and after) is only a last resort to get the port back; the interrupted command counts as failed.',
    reference: '+++ aborts data mode; with QFUPL the bytes received so far are kept; the interrupted command cannot be resumed. What is printed is not stated.',
    source: 'quectel-at.md §0, §5',
    simulator: 'QFUPL keeps the bytes before +++ and prints +QFUPL: <received>,<checksum> then OK; QHTTPURL answers +CME ERROR: 726.',
  },
  {
    id: 'fota-progress-polling',
    topic: 'AT+QFLST during AT+QHTTPREADFILE (FOTA download progress)',
    assumption:
      'While the module downloads an image (after the OK of AT+QHTTPREADFILE, before its URC) the host polls AT+QFLST="<file>" every 500 ms for the growing size to show progress and an ETA; a poll that fails or shows no file is ignored (electron/engine/sequence/fota/download.ts).',
    reference: 'Whether the module answers other commands and lists a partly written file during QHTTPREADFILE is not stated; the port is not in data mode then.',
    source: 'quectel-at.md §5, §7.5',
    simulator: 'Answers AT+QFLST at any time; the file appears when the download has been stored.',
  },
  {
    id: 'qsslcfg-after-reboot',
    topic: 'AT+QSSLCFG settings over a module reboot',
    assumption: 'Treated like QMTCFG (not kept): after every unexpected RDY, and after each FOTA reboot, the sequence binds the SSL context again (files in UFS are kept and not re-uploaded).',
    reference: 'Only QMTCFG is said (by a secondary source) to be lost over a reboot; for QSSLCFG nothing is stated.',
    source: 'quectel-at.md §6, §8.1; fault catalogue S17',
    simulator: 'Whatever the simulator does, re-binding is harmless.',
  },
] as const satisfies readonly UncertainItem[];

export type UncertainId = (typeof UNCERTAIN)[number]['id'];

/** The row with this id (ids are checked at compile time). */
export function uncertainItem<Id extends UncertainId>(id: Id): Extract<(typeof UNCERTAIN)[number], { id: Id }> {
  const row = UNCERTAIN.find((item) => item.id === id);
  if (!row) throw new Error(`uncertain.ts has no row ${id}`);
  return row as Extract<(typeof UNCERTAIN)[number], { id: Id }>;
}
