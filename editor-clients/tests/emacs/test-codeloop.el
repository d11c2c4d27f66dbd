;;; test-codeloop.el --- Headless eglot test of editor-clients/emacs/codeloop.el  -*- lexical-binding: t; -*-
;;
;;   CODELOOP_JAR=server/target/codeloop.jar timeout 120 emacs --batch -Q -l editor-clients/tests/emacs/test-codeloop.el
;;
;; Real eglot (Debian elpa-eglot 1.9 or newer) against the real server jar, on a copy of
;; editor-clients/tests/fixtures/workspace.  Prints PASS/FAIL/SKIP lines and finally `N passed, N failed';
;; exits non-zero on any failure.  Every capability the client depends on is asserted: a server that stops
;; advertising completion, code actions or a command fails the suite (nothing is skipped).

;;; Code:

(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa") ; -Q skips Debian's site-start
(package-initialize)
(require 'cl-lib)
(require 'eglot)

(defvar codeloop-test-passes 0)
(defvar codeloop-test-failures 0)
(defvar codeloop-test-opened nil "textDocument/didOpen params sent, newest first.")
(defvar codeloop-test-error nil "The Lisp error that ended the test early, if any.")
(defvar codeloop-test-messages nil "window/showMessage params received, newest first.")
(defvar codeloop-test-changes nil "textDocument/didChange params sent, newest first.")

(defun codeloop-test-check (name ok &optional detail)
  (if ok
      (progn (setq codeloop-test-passes (1+ codeloop-test-passes)) (princ (format "PASS %s\n" name)))
    (setq codeloop-test-failures (1+ codeloop-test-failures))
    (princ (format "FAIL %s %S\n" name detail)))
  ok)

(defun codeloop-test-wait (secs pred)
  "Pump process output and timers until PRED is non-nil or SECS elapse."
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defconst codeloop-test-dir (file-name-directory (or load-file-name buffer-file-name)))
(defconst codeloop-test-clients-dir (expand-file-name "../../" codeloop-test-dir))
(defconst codeloop-test-repo (expand-file-name "../" codeloop-test-clients-dir))

(add-to-list 'load-path (expand-file-name "emacs" codeloop-test-clients-dir))
(require 'codeloop)

;; record what the server shows and what eglot sends
(cl-defmethod eglot-handle-notification :before (_server (_method (eql window/showMessage)) &key type message)
  (push (list :type type :message message) codeloop-test-messages))
(advice-add 'jsonrpc-notify :before
            (lambda (_conn method params)
              (when (eq method :textDocument/didChange) (push params codeloop-test-changes))
              (when (eq method :textDocument/didOpen) (push params codeloop-test-opened))))

(defun codeloop-test-server-process (jar)
  "The live server process started with JAR, or nil (no private jsonrpc accessor needed)."
  (let ((launcher (expand-file-name "codeloop" (file-name-directory jar))))
    (cl-find-if (lambda (p) (and (process-live-p p)
                                 (or (member jar (process-command p)) (member launcher (process-command p)))))
                (process-list))))

(defun codeloop-test-capture-messages (fn)
  "Call FN; return (RESULT . MESSAGES) with what it showed in the echo area."
  (let* ((shown nil)
         (r (cl-letf* ((orig (symbol-function 'message))
                       ((symbol-function 'message)
                        (lambda (fmt &rest args)
                          (when fmt (push (apply #'format-message fmt args) shown))
                          (apply orig fmt args))))
              (condition-case e (list 'ok (funcall fn)) (error (list 'error e))))))
    (cons r shown)))

(defun codeloop-test-fixture-vocab (ws)
  "Identifiers and lines of the fixture's Java files, as (VOCAB-HASH . LINES)."
  (let ((vocab (make-hash-table :test #'equal)) lines)
    (dolist (f (directory-files-recursively (expand-file-name "src" ws) "\\.java\\'"))
      (with-temp-buffer
        (insert-file-contents f)
        (dolist (l (split-string (buffer-string) "\n"))
          (push l lines)
          (let ((start 0))
            (while (string-match "[A-Za-z_][A-Za-z0-9_]*" l start)
              (puthash (match-string 0 l) t vocab)
              (setq start (match-end 0)))))))
    (cons vocab lines)))

(defun codeloop-test-plausible (text line start fixture)
  "Is TEXT, inserted at column START of LINE, a plausible continuation given FIXTURE?"
  (let* ((first (car (split-string (or text "") "\n")))
         (combined (concat (substring line 0 (min start (length line))) first))
         (pos 0) found)
    (when (not (string-empty-p (string-trim first)))
      (while (and (not found) (string-match "[A-Za-z_][A-Za-z0-9_]*" combined pos))
        (setq pos (match-end 0))
        (when (> (match-end 0) start)
          (setq found (if (gethash (match-string 0 combined) (car fixture)) 'yes 'no))))
      (or (eq found 'yes)
          ;; or the inserted text itself occurs in the fixture (e.g. "(count);")
          (let ((inserted (string-trim first)))
            (and (>= (length inserted) 2)
                 (cl-some (lambda (l) (string-search inserted l)) (cdr fixture))))
          (let ((trimmed (string-trim combined)))
            (cl-some (lambda (l) (let ((tl (string-trim l)))
                                   (and (not (string-empty-p tl))
                                        (or (string-prefix-p trimmed tl) (string-prefix-p tl trimmed)))))
                     (cdr fixture)))))))

(defun codeloop-test-show-settings ()
  (plist-get (codeloop-execute codeloop-command-show-settings) :settings))

(setq debug-on-error nil
      eglot-confirm-server-initiated-edits nil ; else y-or-n-p on stdin in batch
      eglot-sync-connect 30
      eglot-connect-timeout 60
      vc-handled-backends nil                   ; the workspace copy is found by its .codeloop.json
      make-backup-files nil
      create-lockfiles nil
      auto-save-default nil)

(let* ((jar (expand-file-name (or (getenv "CODELOOP_JAR") "server/target/codeloop.jar") codeloop-test-repo))
       (ws (file-name-as-directory (make-temp-file "codeloop-emacs-ws-" t)))
       (file (expand-file-name "src/main/java/demo/Main.java" ws))
       server caps)
  (condition-case codeloop-test-error
      (progn
        (when (codeloop-test-check "server jar exists" (file-exists-p jar) jar)
          (copy-directory (expand-file-name "tests/fixtures/workspace/" codeloop-test-clients-dir) ws nil t t)
          (codeloop-test-check "fixture copied" (file-exists-p file) file)
          ;; Explain is routed to a model on a closed loopback port: listed enabled (no model call to list
          ;; actions) and failing when run; the other AI actions have no model and are listed disabled
          (setq codeloop-server-jar jar
                codeloop-settings '(:completion (:debounceMs 42) :log (:clientLevel "error")
                                    :models (:offline (:provider "ollama" :model "none" :baseUrl "http://127.0.0.1:9"))
                                    :routes (:codeAction.explain ["offline"])))
          (let* ((dir (file-name-as-directory (make-temp-file "codeloop-launcher-" t)))
                 (launcher (expand-file-name "codeloop" dir)))
            (with-temp-file launcher (insert "#!/bin/sh\n"))
            (set-file-modes launcher #o755)
            (let ((codeloop-server-jar (expand-file-name "codeloop.jar" dir)))
              (codeloop-test-check "server command prefers the codeloop launcher beside the jar"
                                   (equal (codeloop-server-command) (list launcher)) (codeloop-server-command))
              (let ((codeloop-vmargs '("-Xmx1g")))
                (codeloop-test-check "server command is java -jar with vmargs"
                                     (equal (last (codeloop-server-command) 2) (list "-jar" codeloop-server-jar))
                                     (codeloop-server-command))))
            (delete-directory dir t))
          (let ((launcher (expand-file-name "codeloop" (file-name-directory jar))))
            (if (file-executable-p launcher)
                (codeloop-test-check "server command is the launcher built beside the jar"
                                     (equal (codeloop-server-command) (list launcher)) (codeloop-server-command))
              (codeloop-test-check "server command is java -jar without a launcher"
                                   (member "-jar" (codeloop-server-command)) (codeloop-server-command))))
          (codeloop-eglot-setup)
          (with-current-buffer (find-file-noselect file)
            (codeloop-test-check "java-mode" (eq major-mode 'java-mode) major-mode)
            (eglot-ensure)
            ;; eglot-ensure connects from post-command-hook, which never runs in --batch
            (run-hooks 'post-command-hook)
            (codeloop-test-check "connected" (codeloop-test-wait 60 (lambda () (eglot-current-server))))
            (setq server (eglot-current-server))
            (unless server (error "no server"))
            (codeloop-test-check "server is a codeloop-eglot-server" (cl-typep server 'codeloop-eglot-server) server)
            (codeloop-test-check "language id of the Java server is java" (equal (eglot--language-id server) "java")
                                 (eglot--language-id server))
            (codeloop-test-check "didOpen sent languageId java"
                                 (equal "java" (plist-get (plist-get (car codeloop-test-opened) :textDocument) :languageId))
                                 (car codeloop-test-opened))
            (codeloop-test-check "client capabilities carry experimental.codeloopStatus"
                                 (eq t (plist-get (plist-get (eglot-client-capabilities server) :experimental) :codeloopStatus)))
            (codeloop-test-check "mode line shows Codeloop" (string-prefix-p " [Codeloop" (codeloop-mode-line))
                                 (codeloop-mode-line))
            (eglot-handle-notification server 'codeloop/status :state "busy" :model "embedded" :inFlight 2 :message nil)
            (codeloop-test-check "mode line shows the busy status" (equal (codeloop-mode-line) " [Codeloop embedded busy(2)]")
                                 (codeloop-mode-line))
            (eglot-handle-notification server 'codeloop/status :state "offline" :model nil :inFlight 0 :message "down")
            (codeloop-test-check "mode line shows offline" (equal (codeloop-mode-line) " [Codeloop offline]")
                                 (codeloop-mode-line))
            (codeloop-test-check "mode-line-misc-info holds the Codeloop entry"
                                 (memq 'codeloop-mode-line-entry (default-value 'mode-line-misc-info)))
            (codeloop-test-check "managed" (bound-and-true-p eglot--managed-mode))
            (codeloop-test-check "project root is the workspace"
                                 (equal (file-name-as-directory (expand-file-name (project-root (eglot--project server)))) ws)
                                 (project-root (eglot--project server)))
            (setq caps (eglot--capabilities server))
            (let ((sync (plist-get caps :textDocumentSync)))
              (codeloop-test-check "incremental sync advertised"
                                   (eql 2 (if (numberp sync) sync (plist-get sync :change))) sync)
              (dolist (command (list codeloop-command-show-settings codeloop-command-stats codeloop-command-doctor
                                     codeloop-command-trust-workspace codeloop-command-run-checks codeloop-command-run-tests
                                     codeloop-command-fix-failing-tests codeloop-command-implement codeloop-command-show-tools
                                     codeloop-command-select-model codeloop-command-ask codeloop-command-plan
                                     codeloop-command-accept-completion codeloop-command-apply-action codeloop-command-chat
                                     codeloop-command-completion-stats))
                (codeloop-test-check (concat "executeCommandProvider lists " command)
                                     (codeloop-advertises-p server command) (plist-get caps :executeCommandProvider)))
              (codeloop-test-check "completionProvider advertised" (plist-get caps :completionProvider) caps)
              (codeloop-test-check "codeActionProvider advertised" (plist-get caps :codeActionProvider) caps)
              (let ((s (codeloop-test-show-settings)))
                (codeloop-test-check "initializationOptions setting visible (completion.debounceMs = 42)"
                                     (eql 42 (plist-get (plist-get s :completion) :debounceMs)) (plist-get s :completion))
                (codeloop-test-check "workspace .codeloop.json visible (completion.maxLines = 8)"
                                     (eql 8 (plist-get (plist-get s :completion) :maxLines)) (plist-get s :completion)))
              (codeloop-test-check "no settings problem reported at start" (null codeloop-test-messages) codeloop-test-messages)
              (codeloop-test-check ":codeloop-show-settings shows a buffer"
                                   (progn (codeloop-show-settings)
                                          (with-current-buffer "*codeloop settings*" (string-match-p "debounceMs" (buffer-string)))))

              ;; edits: eglot must send ranged (incremental) content changes
              (goto-char (point-min))
              (search-forward "greeter.greetBob();")
              (end-of-line)
              (insert "\n    inventory.addCherries(2);\n    int unused = 0;")
              (forward-line 0)
              (delete-region (line-beginning-position) (1+ (line-end-position))) ; drops "int unused"
              (forward-line -1)
              (search-forward "(2)")
              (replace-match "(4)" t t)
              (end-of-line)
              (insert "\n    inventory.add")
              (setq codeloop-test-changes nil)
              (eglot--signal-textDocument/didChange)
              (let ((changes (apply #'append (mapcar (lambda (p) (append (plist-get p :contentChanges) nil))
                                                     codeloop-test-changes))))
                (codeloop-test-check "didChange sent for the edits" (>= (length changes) 4) (length changes))
                (codeloop-test-check "didChange events are incremental (ranged)"
                                     (and changes (cl-every (lambda (c) (plist-get c :range)) changes)) (car changes)))
              (codeloop-test-check "showSettings still answers after edits" (codeloop-test-show-settings))

              ;; a bad setting is reported by name with window/showMessage
              (codeloop-set-settings (plist-put (copy-tree codeloop-settings) :completion '(:debounceMs 42 :maxLines "many")))
              (codeloop-test-check "bad setting -> showMessage naming completion.maxLines"
                                   (codeloop-test-wait 10 (lambda () (cl-some (lambda (m) (string-match-p "completion\\.maxLines" (plist-get m :message)))
                                                                              codeloop-test-messages)))
                                   codeloop-test-messages)
              (codeloop-set-settings (plist-put (copy-tree codeloop-settings) :completion '(:debounceMs 43)))
              (codeloop-test-check "didChangeConfiguration applied (debounceMs = 43)"
                                   (codeloop-test-wait 10 (lambda () (eql 43 (plist-get (plist-get (codeloop-test-show-settings) :completion) :debounceMs)))))
              (let ((pulled (jsonrpc-request server :workspace/executeCommand '(:command "codeloop.showSettings" :arguments []))))
                (ignore pulled))

              ;; completion-at-point after "    inventory.add"
              (progn
                (let* ((fixture (codeloop-test-fixture-vocab ws))
                       (line (buffer-substring-no-properties (line-beginning-position) (point)))
                       (col (current-column))
                       (capf (eglot-completion-at-point))
                       (tries 0)
                       cands)
                  (codeloop-test-check "eglot completion function answers" capf)
                  (when capf
                    ;; Completion as while typing: the request follows the keystrokes at once.  The embedded
                    ;; model may still be learning the workspace, so retry; eglot's completion table asks the
                    ;; server once and caches that answer (it ignores isIncomplete), so each try takes a fresh
                    ;; table, and each try re-types the line from a clean state: the server learns the open
                    ;; buffer 300 ms after a change, half-typed word included, and then has no suggestion
                    ;; for that word (a server bug, see the report).
                    (codeloop-test-wait 20 (lambda ()
                                             (delete-region (line-beginning-position) (point))
                                             (eglot--signal-textDocument/didChange)
                                             (codeloop-test-wait 0.6 #'ignore) ; the clean line is learned
                                             (insert line)
                                             (eglot--signal-textDocument/didChange)
                                             (setq capf (eglot-completion-at-point)
                                                   tries (1+ tries)
                                                   cands (condition-case e
                                                             (all-completions (buffer-substring-no-properties (nth 0 capf) (nth 1 capf)) (nth 2 capf))
                                                           (error (list 'error e))))
                                             (or (eq (car cands) 'error) cands)))
                    (princ (format "  completion requests: %d\n" tries))
                    (codeloop-test-check "completion candidates returned" (and cands (not (eq (car cands) 'error))) cands)
                    (unless (eq (car cands) 'error)
                      (let ((good (cl-find-if
                                   (lambda (c)
                                     (let* ((item (get-text-property 0 'eglot--lsp-item c))
                                            (edit (plist-get item :textEdit))
                                            (text (or (plist-get edit :newText) (plist-get item :insertText) c))
                                            (start (if edit (plist-get (plist-get (plist-get edit :range) :start) :character) col)))
                                       (codeloop-test-plausible text line start fixture)))
                                   cands)))
                        (codeloop-test-check (format "a candidate is a plausible continuation of %S" line) good cands)
                        (when good (princ (format "  completion: %s\n" good))))
                      (let ((before (buffer-string)))
                        ;; again right after typing, for the same reason
                        (delete-region (line-beginning-position) (point))
                        (eglot--signal-textDocument/didChange)
                        (codeloop-test-wait 0.6 #'ignore)
                        (insert line)
                        (eglot--signal-textDocument/didChange)
                        (setq before (buffer-string))
                        (completion-at-point)
                        (codeloop-test-check "completion-at-point inserted text or listed candidates"
                                             (codeloop-test-wait 5 (lambda () (or (not (equal before (buffer-string)))
                                                                                  (get-buffer "*Completions*"))))
                                             (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))))))

              ;; code actions listing
              (progn
                (let ((acts (condition-case e (eglot-code-actions (point-min) (point-max)) (error (list 'error e)))))
                  (if (eq (car-safe acts) 'error)
                      (codeloop-test-check "codeAction answers without error" nil acts)
                    (codeloop-test-check "codeAction answers without error" t)
                    (codeloop-test-check "code actions are well formed (title)"
                                         (cl-every (lambda (a) (stringp (plist-get a :title))) acts) acts)
                    (princ (format "  code actions: %s\n" (mapconcat (lambda (a) (plist-get a :title)) acts " | ")))
                    (codeloop-test-check "server lists some actions disabled (no model for them)"
                                         (cl-some (lambda (a) (plist-get a :disabled)) acts) acts)
                    (let* ((offered nil)
                           (out (codeloop-test-capture-messages
                                 (lambda ()
                                   (codeloop-code-actions (point-min) (point-max)
                                                          (lambda (enabled)
                                                            (setq offered enabled)
                                                            (cl-find "Explain with AI" enabled :key (lambda (a) (plist-get a :title))
                                                                     :test #'equal))))))
                           (shown (cdr out)))
                      (codeloop-test-check "codeloop-code-actions offers no disabled action"
                                           (and offered (cl-notany (lambda (a) (plist-get a :disabled)) offered))
                                           (mapcar (lambda (a) (plist-get a :title)) offered))
                      (codeloop-test-check "codeloop-code-actions offers Explain"
                                           (cl-find "Explain with AI" offered :key (lambda (a) (plist-get a :title)) :test #'equal))
                      (codeloop-test-check "a failing action (model unreachable) answers no Lisp error" (eq (car (car out)) 'ok) (car out))
                      (codeloop-test-check "the failure is told as a sentence, not a jsonrpc-error form"
                                           (cl-some (lambda (m) (and (string-prefix-p "Codeloop " m) (string-search "failed" m)
                                                                     (not (string-search "jsonrpc-error" m))
                                                                     (not (string-search "(jsonrpc" m))))
                                                    shown)
                                           shown)
                      (codeloop-test-check "the mode line is not left in error" (null (jsonrpc-last-error server))
                                           (jsonrpc-last-error server)))
                    ;; a disabled (not configured) action run through eglot's own command path
                    (let* ((disabled (cl-find-if (lambda (a) (plist-get a :disabled)) acts))
                           (command (plist-get disabled :command))
                           (out (codeloop-test-capture-messages
                                 (lambda () (eglot-execute-command server (intern (plist-get command :command))
                                                                   (plist-get command :arguments))))))
                      (codeloop-test-check "a not-configured action via eglot-execute-command: no Lisp error"
                                           (eq (car (car out)) 'ok) (car out))
                      (codeloop-test-check "a not-configured action is told as the server's sentence"
                                           (cl-some (lambda (m) (and (string-search "Configure a model" m)
                                                                     (not (string-search "jsonrpc-error" m))))
                                                    (cdr out))
                                           (cdr out))
                      (codeloop-test-check "the mode line is not left in error after it" (null (jsonrpc-last-error server)))))))

              ;; "Generate unit tests with AI" for real, through eglot's command path (no resolve in eglot 1.9):
              ;; routed to an OpenAI-compatible model on loopback; the new test file must be on disk with its text
              (let* ((dir (file-name-as-directory (make-temp-file "codeloop-loop-" t)))
                     (port-file (expand-file-name "port" dir))
                     (proc (start-process "codeloop-loopback" nil "node"
                                          (expand-file-name "tests/vscode/openai-loopback.js" codeloop-test-clients-dir)
                                          port-file (expand-file-name "log" dir)))
                     (port (and (codeloop-test-wait 10 (lambda () (and (file-exists-p port-file)
                                                                       (> (file-attribute-size (file-attributes port-file)) 0))))
                                (with-temp-buffer (insert-file-contents port-file) (string-trim (buffer-string)))))
                     (saved codeloop-settings)
                     (test-file (expand-file-name "src/test/java/demo/MainTest.java" ws)))
                (codeloop-test-check "loopback model started" port)
                (codeloop-set-settings
                 (list :completion '(:debounceMs 43) :log '(:clientLevel "error")
                       :models (list :offline '(:provider "ollama" :model "none" :baseUrl "http://127.0.0.1:9")
                                     :loop (list :provider "openai-compatible" :baseUrl (format "http://127.0.0.1:%s/v1" port)
                                                 :model "test-model" :apiKeyEnv nil))
                       :routes '(:codeAction.explain ["offline"] :codeAction.tests ["loop"])))
                (codeloop-test-check "tests route set to the loopback model"
                                     (codeloop-test-wait 10 (lambda () (plist-get (plist-get (codeloop-test-show-settings) :models) :loop))))
                (let ((chosen (codeloop-code-actions (point-min) (point-max)
                                                     (lambda (enabled)
                                                       (cl-find "Generate unit tests with AI" enabled
                                                                :key (lambda (a) (plist-get a :title)) :test #'equal)))))
                  (codeloop-test-check "Generate unit tests with AI offered once a model serves it" chosen)
                  (codeloop-test-check "generated test file written to disk with its content"
                                       (codeloop-test-wait 20 (lambda ()
                                                                (and (file-exists-p test-file)
                                                                     (with-temp-buffer (insert-file-contents test-file)
                                                                                       (string-search "Documented by the loopback model" (buffer-string))))))
                                       (list codeloop-last-error (file-exists-p test-file)))
                  (codeloop-test-check "generated test file visited in a buffer" (find-buffer-visiting test-file)))
                (setq codeloop-settings saved)
                (codeloop-set-settings saved)
                (delete-process proc)
                (delete-directory dir t))

              ;; commands backed by server commands
              (dolist (spec `(("codeloop-stats" ,codeloop-command-stats ,(lambda () (codeloop-stats)))
                              ("codeloop-completion-stats" ,codeloop-command-completion-stats
                               ,(lambda () (codeloop-completion-stats)))
                              ("codeloop-doctor" ,codeloop-command-doctor ,(lambda () (codeloop-doctor)))
                              ("codeloop-select-model completion embedded" ,codeloop-command-select-model
                               ,(lambda () (codeloop-select-model "completion" "embedded")))))
                (codeloop-test-check (format "%s: server advertises %s" (nth 0 spec) (nth 1 spec))
                                     (codeloop-advertises-p server (nth 1 spec)))
                (let ((r (condition-case e (list 'ok (funcall (nth 2 spec))) (error (list 'error e)))))
                  (codeloop-test-check (concat (nth 0 spec) " without error")
                                       (and (eq (car r) 'ok) (null codeloop-last-error)) (list r codeloop-last-error))))
              (let ((doctor (get-buffer "*codeloop doctor*")))
                (codeloop-test-check "doctor report shown as Markdown, not escaped JSON"
                                     (and doctor (with-current-buffer doctor
                                                   (and (string-prefix-p "# " (buffer-string))
                                                        (not (string-search "\\n" (buffer-string))))))
                                     (and doctor (with-current-buffer doctor (substring (buffer-string) 0 (min 80 (buffer-size))))))
                (when doctor (kill-buffer doctor)))
              (codeloop-show-tools)
              (codeloop-test-check "show-tools shows a Markdown list"
                                   (with-current-buffer "*codeloop tools*"
                                     (string-match-p "\\`#+ \\(Tools\\|Checks and tests\\)" (buffer-string))))
              (let ((out (codeloop-test-capture-messages #'codeloop-run-checks)))
                (codeloop-test-check "run-checks in an untrusted workspace: refused, told as a sentence, nothing shown"
                                     (and (equal (car out) '(ok nil)) (eql -32803 (plist-get codeloop-last-error :code))
                                          (cl-some (lambda (m) (string-search "not trusted" m)) (cdr out))
                                          (not (get-buffer "*codeloop checks*")))
                                     out))
              (codeloop-trust-workspace)
              (codeloop-test-check "trust-workspace without error" (null codeloop-last-error) codeloop-last-error)
              (codeloop-run-checks)
              (codeloop-test-check "run-checks (trusted) shows a Markdown summary"
                                   (and (get-buffer "*codeloop checks*")
                                        (with-current-buffer "*codeloop checks*" (string-prefix-p "#" (buffer-string))))
                                   codeloop-last-error)
              ;; the test environment has no model for chat and plan (no API key, no Ollama): the server
              ;; answers RequestFailed (-32803) with data not_configured and a message saying how to
              ;; configure a model for the task; the command shows that message and returns nil
              (dolist (spec `(("codeloop-ask" ,codeloop-command-ask "chat" ,(lambda () (codeloop-ask "What does addCherries do?")))
                              ("codeloop-plan" ,codeloop-command-plan "plan"
                               ,(lambda () (codeloop-plan "Use a constant for the cherries count" (line-beginning-position) (line-end-position))))))
                (progn
                  (let* ((shown nil)
                         (r (cl-letf* ((orig (symbol-function 'message))
                                       ((symbol-function 'message)
                                        (lambda (fmt &rest args)
                                          (when fmt (push (apply #'format-message fmt args) shown))
                                          (apply orig fmt args))))
                              (condition-case e (list 'ok (funcall (nth 3 spec))) (error (list 'error e)))))
                         (e codeloop-last-error)
                         (msg (or (plist-get e :message) "")))
                    (codeloop-test-check (concat (nth 0 spec) " answered (no Lisp error, no result)")
                                         (equal r '(ok nil)) r)
                    (codeloop-test-check (concat (nth 0 spec) " says no model is configured (-32803 not_configured)")
                                         (and (eql (plist-get e :code) -32803) (codeloop-not-configured-p e)) e)
                    (codeloop-test-check (format "%s message says how to configure a model for %s" (nth 0 spec) (nth 2 spec))
                                         (and (string-search "Configure a model" msg)
                                              (string-search (format "'%s'" (nth 2 spec)) msg))
                                         msg)
                    (codeloop-test-check (concat (nth 0 spec) " shows the message in the echo area")
                                         (cl-some (lambda (m) (and (string-search "Configure a model" m)
                                                                   (not (string-search "jsonrpc-error" m))))
                                                  shown)
                                         shown))))

              ;; a Python file gets its own server and is sent as python (not as the first buffer's java)
              (let ((py (expand-file-name "tools/stats.py" ws)))
                (make-directory (file-name-directory py) t)
                (with-temp-file py (insert "def mean(xs):\n    return sum(xs) / len(xs)\n"))
                (with-current-buffer (find-file-noselect py)
                  (codeloop-test-check "python-mode" (eq major-mode 'python-mode) major-mode)
                  (eglot-ensure)
                  (run-hooks 'post-command-hook)
                  (let ((pyserver (and (codeloop-test-wait 60 (lambda () (eglot-current-server))) (eglot-current-server))))
                    (codeloop-test-check "python buffer connected to its own Codeloop server"
                                         (and pyserver (not (eq pyserver server)) (cl-typep pyserver 'codeloop-eglot-server)))
                    (codeloop-test-check "language id of the Python server is python"
                                         (and pyserver (equal (eglot--language-id pyserver) "python"))
                                         (and pyserver (eglot--language-id pyserver)))
                    (codeloop-test-check "didOpen sent languageId python"
                                         (equal "python" (plist-get (plist-get (car codeloop-test-opened) :textDocument) :languageId))
                                         (car codeloop-test-opened))
                    (when pyserver (eglot-shutdown pyserver nil 30)))))

              ;; shutdown: the server process ends with status 0
              (set-buffer-modified-p nil)
              (let ((proc (codeloop-test-server-process jar)))
                (codeloop-test-check "server process found by its command line" proc)
                ;; a generous timeout on a loaded CI machine (the launcher no longer writes its class-data
                ;; archive at a session's exit; a background training run does)
                (eglot-shutdown server nil 30)
                (codeloop-test-check "server process ended" (codeloop-test-wait 15 (lambda () (not (process-live-p proc)))))
                (codeloop-test-check "server exit status 0" (eql 0 (process-exit-status proc))
                                     (list (process-status proc) (process-exit-status proc)))))))
    (error (codeloop-test-check "no lisp error" nil codeloop-test-error)))
  (ignore-errors (delete-directory ws t)))

(princ (format "%d passed, %d failed\n" codeloop-test-passes codeloop-test-failures))
(kill-emacs (if (= codeloop-test-failures 0) 0 1))
;;; test-codeloop.el ends here
