;;; test-codeloop.el --- Headless eglot test of editor-clients/emacs/codeloop.el  -*- lexical-binding: t; -*-
;;
;;   CODELOOP_JAR=server/target/codeloop.jar timeout 120 emacs --batch -Q -l editor-clients/tests/emacs/test-codeloop.el
;;
;; Real eglot (Debian elpa-eglot 1.9 or newer) against the real server jar, on a copy of
;; editor-clients/tests/fixtures/workspace.  Prints PASS/FAIL/SKIP lines and finally `N passed, N failed';
;; exits non-zero on any failure.  Features the server does not advertise are skipped, never passed.

;;; Code:

(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa") ; -Q skips Debian's site-start
(package-initialize)
(require 'cl-lib)
(require 'eglot)

(defvar codeloop-test-passes 0)
(defvar codeloop-test-failures 0)
(defvar codeloop-test-skips 0)
(defvar codeloop-test-error nil "The Lisp error that ended the test early, if any.")
(defvar codeloop-test-messages nil "window/showMessage params received, newest first.")
(defvar codeloop-test-changes nil "textDocument/didChange params sent, newest first.")

(defun codeloop-test-check (name ok &optional detail)
  (if ok
      (progn (setq codeloop-test-passes (1+ codeloop-test-passes)) (princ (format "PASS %s\n" name)))
    (setq codeloop-test-failures (1+ codeloop-test-failures))
    (princ (format "FAIL %s %S\n" name detail)))
  ok)

(defun codeloop-test-skip (name reason)
  (setq codeloop-test-skips (1+ codeloop-test-skips))
  (princ (format "SKIP %s: %s\n" name reason)))

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
              (when (eq method :textDocument/didChange) (push params codeloop-test-changes))))

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
          (setq codeloop-server-jar jar
                codeloop-settings '(:completion (:debounceMs 42) :log (:clientLevel "error")))
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
            (codeloop-test-check "managed" (bound-and-true-p eglot--managed-mode))
            (codeloop-test-check "project root is the workspace"
                                 (equal (file-name-as-directory (expand-file-name (project-root (eglot--project server)))) ws)
                                 (project-root (eglot--project server)))
            (setq caps (eglot--capabilities server))
            (let ((sync (plist-get caps :textDocumentSync)))
              (codeloop-test-check "incremental sync advertised"
                                   (eql 2 (if (numberp sync) sync (plist-get sync :change))) sync)
              (codeloop-test-check "executeCommandProvider lists codeloop.showSettings"
                                   (codeloop-advertises-p server codeloop-command-show-settings)
                                   (plist-get caps :executeCommandProvider))
              (let ((s (codeloop-test-show-settings)))
                (codeloop-test-check "initializationOptions setting visible (completion.debounceMs = 42)"
                                     (eql 42 (plist-get (plist-get s :completion) :debounceMs)) (plist-get s :completion))
                (codeloop-test-check "workspace .codeloop.json visible (completion.maxLines = 8)"
                                     (eql 8 (plist-get (plist-get s :completion) :maxLines)) (plist-get s :completion)))
              (codeloop-test-check "no settings problem reported at start" (null codeloop-test-messages) codeloop-test-messages)
              (codeloop-test-check ":codeloop-show-settings shows a buffer"
                                   (with-current-buffer (codeloop-show-settings) (string-match-p "debounceMs" (buffer-string))))

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
              (codeloop-set-settings '(:completion (:debounceMs 42 :maxLines "many") :log (:clientLevel "error")))
              (codeloop-test-check "bad setting -> showMessage naming completion.maxLines"
                                   (codeloop-test-wait 10 (lambda () (cl-some (lambda (m) (string-match-p "completion\\.maxLines" (plist-get m :message)))
                                                                              codeloop-test-messages)))
                                   codeloop-test-messages)
              (codeloop-set-settings '(:completion (:debounceMs 43) :log (:clientLevel "error")))
              (codeloop-test-check "didChangeConfiguration applied (debounceMs = 43)"
                                   (codeloop-test-wait 10 (lambda () (eql 43 (plist-get (plist-get (codeloop-test-show-settings) :completion) :debounceMs)))))
              (let ((pulled (jsonrpc-request server :workspace/executeCommand '(:command "codeloop.showSettings" :arguments []))))
                (ignore pulled))

              ;; completion-at-point after "    inventory.add"
              (if (not (plist-get caps :completionProvider))
                  (codeloop-test-skip "completion-at-point" "server does not advertise completionProvider")
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
              (if (not (plist-get caps :codeActionProvider))
                  (codeloop-test-skip "code actions" "server does not advertise codeActionProvider")
                (let ((acts (condition-case e (eglot-code-actions (point-min) (point-max)) (error (list 'error e)))))
                  (if (eq (car-safe acts) 'error)
                      (codeloop-test-check "codeAction answers without error" nil acts)
                    (codeloop-test-check "codeAction answers without error" t)
                    (codeloop-test-check "code actions are well formed (title)"
                                         (cl-every (lambda (a) (stringp (plist-get a :title))) acts) acts)
                    (princ (format "  code actions: %s\n" (mapconcat (lambda (a) (plist-get a :title)) acts " | "))))))

              ;; commands backed by server commands
              (dolist (spec `(("codeloop-stats" ,codeloop-command-stats ,(lambda () (codeloop-stats)))
                              ("codeloop-completion-stats" ,codeloop-command-completion-stats
                               ,(lambda () (codeloop-completion-stats)))
                              ("codeloop-doctor" ,codeloop-command-doctor ,(lambda () (codeloop-doctor)))
                              ("codeloop-select-model completion embedded" ,codeloop-command-select-model
                               ,(lambda () (codeloop-select-model "completion" "embedded")))))
                (if (not (codeloop-advertises-p server (nth 1 spec)))
                    (codeloop-test-skip (nth 0 spec) (format "server does not advertise %s" (nth 1 spec)))
                  (let ((r (condition-case e (list 'ok (funcall (nth 2 spec))) (error (list 'error e)))))
                    (codeloop-test-check (concat (nth 0 spec) " without error")
                                         (and (eq (car r) 'ok) (null codeloop-last-error)) (list r codeloop-last-error)))))
              ;; the test environment has no model for chat and plan (no API key, no Ollama): the server
              ;; answers RequestFailed (-32803) with data not_configured and a message saying how to
              ;; configure a model for the task; the command shows that message and returns nil
              (dolist (spec `(("codeloop-ask" ,codeloop-command-ask "chat" ,(lambda () (codeloop-ask "What does addCherries do?")))
                              ("codeloop-plan" ,codeloop-command-plan "plan"
                               ,(lambda () (codeloop-plan "Use a constant for the cherries count" (line-beginning-position) (line-end-position))))))
                (if (not (codeloop-advertises-p server (nth 1 spec)))
                    (codeloop-test-skip (nth 0 spec) (format "server does not advertise %s" (nth 1 spec)))
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

              ;; shutdown: the server process ends with status 0
              (set-buffer-modified-p nil)
              (let ((proc (jsonrpc--process server)))
                (eglot-shutdown server)
                (codeloop-test-check "server process ended" (codeloop-test-wait 15 (lambda () (not (process-live-p proc)))))
                (codeloop-test-check "server exit status 0" (eql 0 (process-exit-status proc))
                                     (list (process-status proc) (process-exit-status proc)))))))
    (error (codeloop-test-check "no lisp error" nil codeloop-test-error)))
  (ignore-errors (delete-directory ws t)))

(princ (format "%d skipped\n%d passed, %d failed\n" codeloop-test-skips codeloop-test-passes codeloop-test-failures))
(kill-emacs (if (= codeloop-test-failures 0) 0 1))
;;; test-codeloop.el ends here
