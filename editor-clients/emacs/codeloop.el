;;; codeloop.el --- Codeloop AI language server through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Registers the Codeloop server with eglot and adds a few commands.
;;
;;   (add-to-list 'load-path "/path/to/codeloop/editor-clients/emacs")
;;   (require 'codeloop)
;;   (setq codeloop-server-jar "/path/to/codeloop.jar"      ; or $CODELOOP_SERVER_JAR
;;         codeloop-settings '(:completion (:style "list"))) ; same shape as .codeloop.json
;;   (codeloop-eglot-setup)                                 ; then M-x eglot in a buffer
;;
;; Each major mode gets its own eglot entry (and server) with its LSP language id, so a Python
;; buffer is sent as "python", never as the language of the first buffer of the project.
;; Tree-sitter modes (java-ts-mode, python-ts-mode, ...) are listed too.
;; The mode line shows the server's `codeloop/status' (model, busy, offline, authentication failed,
;; untrusted, error).  Commands: `codeloop-code-actions' (lists only enabled actions, shows answers),
;; `codeloop-ask', `codeloop-plan', `codeloop-run-checks', `codeloop-run-tests', `codeloop-show-tools',
;; `codeloop-fix-failing-tests', `codeloop-implement', `codeloop-doctor', `codeloop-stats', ...
;;
;; Settings are plists (objects) and vectors (arrays).  They reach the server as
;; `initializationOptions.settings', as `workspace/didChangeConfiguration' {settings: {codeloop: ...}}
;; and as the answer to a `workspace/configuration' pull of section "codeloop".
;; eglot 1.9 has no inline completion, so the server offers `textDocument/completion' items
;; (`completion-at-point').  eglot runs one server per buffer: Codeloop replaces other servers
;; (e.g. jdtls) in the modes listed in `codeloop-major-modes'.

;;; Code:

(require 'eglot)
(require 'jsonrpc)
(require 'json)
(require 'seq)
(require 'subr-x)

(defgroup codeloop nil "Codeloop AI language server." :group 'tools :prefix "codeloop-")

(defcustom codeloop-java-program nil
  "Java executable; nil means $JAVA_HOME/bin/java, else \"java\" from PATH."
  :type '(choice (const nil) string)
  :group 'codeloop)

(defcustom codeloop-server-jar (getenv "CODELOOP_SERVER_JAR")
  "Path of codeloop.jar (default: $CODELOOP_SERVER_JAR)."
  :type '(choice (const nil) file)
  :group 'codeloop)

(defcustom codeloop-vmargs nil
  "Extra JVM arguments, e.g. (\"-Xmx512m\")."
  :type '(repeat string)
  :group 'codeloop)

(defcustom codeloop-server-args nil
  "Extra server arguments, e.g. (\"--log-level\" \"debug\")."
  :type '(repeat string)
  :group 'codeloop)

(defcustom codeloop-settings nil
  "Codeloop settings as a plist, same shape as .codeloop.json, e.g. (:completion (:maxLines 8))."
  :type 'sexp
  :group 'codeloop)

(defcustom codeloop-major-modes
  '((java-mode . "java") (java-ts-mode . "java")
    (python-mode . "python") (python-ts-mode . "python")
    (js-mode . "javascript") (js-ts-mode . "javascript")
    (typescript-mode . "typescript") (typescript-ts-mode . "typescript") (tsx-ts-mode . "typescriptreact")
    (c-mode . "c") (c-ts-mode . "c") (c++-mode . "cpp") (c++-ts-mode . "cpp")
    (go-mode . "go") (go-ts-mode . "go") (rust-mode . "rust") (rust-ts-mode . "rust")
    (ruby-mode . "ruby") (ruby-ts-mode . "ruby") (sh-mode . "shellscript") (bash-ts-mode . "shellscript"))
  "Major modes whose buffers eglot connects to Codeloop, each with its LSP language id.
Each mode gets its own eglot entry, so each file is sent with its own language id (eglot keeps one
language id per server).  A bare symbol is accepted too; its id is the mode name without \"-mode\"."
  :type '(repeat (choice symbol (cons symbol string)))
  :group 'codeloop)

;; Command ids; mirror of server/src/main/java/dev/codeloop/workspace/command/Commands.java.
(defconst codeloop-command-show-settings "codeloop.showSettings")
(defconst codeloop-command-stats "codeloop.stats")
(defconst codeloop-command-doctor "codeloop.doctor")
(defconst codeloop-command-trust-workspace "codeloop.trustWorkspace")
(defconst codeloop-command-run-checks "codeloop.runChecks")
(defconst codeloop-command-run-tests "codeloop.runTests")
(defconst codeloop-command-fix-failing-tests "codeloop.fixFailingTests")
(defconst codeloop-command-implement "codeloop.implement")
(defconst codeloop-command-show-tools "codeloop.showTools")
(defconst codeloop-command-select-model "codeloop.selectModel")
(defconst codeloop-command-ask "codeloop.ask")
(defconst codeloop-command-plan "codeloop.plan")
(defconst codeloop-command-accept-completion "codeloop.acceptCompletion")
(defconst codeloop-command-apply-action "codeloop.applyAction")
(defconst codeloop-command-chat "codeloop.chat")
(defconst codeloop-command-completion-stats "codeloop.completionStats")

(defconst codeloop-status-method 'codeloop/status
  "The server's status notification, sent when the client sets `experimental.codeloopStatus'.")

(defconst codeloop-not-configured "not_configured"
  "`data' of the RequestFailed (-32803) error the server answers when no model serves a task.
Its message says how to configure a model.")

(defvar codeloop-last-error nil
  "The last error a Codeloop command got from the server, as (:code C :message M :data D), or nil.")

(defconst codeloop-tasks
  '("completion" "codeAction" "codeAction.explain" "codeAction.refactor" "codeAction.document"
    "codeAction.tests" "codeAction.fix" "chat" "plan" "implement" "fixTests")
  "Tasks a model can be routed to.")

(defcustom codeloop-project-markers '(".codeloop.json")
  "Files marking a project root when no version control is found (e.g. a workspace with only
.codeloop.json).  The server reads the workspace .codeloop.json from this root."
  :type '(repeat string)
  :group 'codeloop)

(defun codeloop-project-find (dir)
  "A `project-find-functions' member: the nearest parent of DIR holding a `codeloop-project-markers' file."
  (let ((root (seq-some (lambda (marker) (locate-dominating-file dir marker)) codeloop-project-markers)))
    (and root (cons 'transient (expand-file-name root)))))

(defclass codeloop-eglot-server (eglot-lsp-server) ()
  :documentation "An eglot connection to the Codeloop server.")

(defcustom codeloop-exit-wait 3
  "Seconds to let the server exit on its own after `exit' before jsonrpc kills it.
eglot 1.9 kills the process right after sending `exit'; the wait lets the server finish cleanly."
  :type 'number
  :group 'codeloop)

(cl-defmethod jsonrpc-shutdown :before ((conn codeloop-eglot-server) &optional _cleanup)
  "Give the Codeloop process `codeloop-exit-wait' seconds to exit by itself."
  (let ((deadline (+ (float-time) codeloop-exit-wait)))
    (while (and (jsonrpc-running-p conn) (< (float-time) deadline))
      (accept-process-output nil 0.05))))

(cl-defmethod eglot-client-capabilities ((_server codeloop-eglot-server))
  "eglot's capabilities plus `experimental.codeloopStatus' (the server then sends `codeloop/status')."
  (let ((caps (cl-call-next-method)))
    (plist-put caps :experimental (list :codeloopStatus t))))

(defvar codeloop--statuses (make-hash-table :test #'eq :weakness 'key)
  "Server -> the last `codeloop/status' params (a plist).")

(defun codeloop-status-text (status)
  "One mode-line word for STATUS, a `codeloop/status' plist (nil: none yet)."
  (let* ((state (plist-get status :state))
         (model (plist-get status :model))
         (model (if (and (stringp model) (not (string-empty-p model))) (concat " " model) ""))
         (message (plist-get status :message)))
    (cond ((null status) "Codeloop")
          ((equal state "ready") (concat "Codeloop" model))
          ((equal state "busy") (format "Codeloop%s busy(%s)" model (or (plist-get status :inFlight) 1)))
          ((equal state "offline") "Codeloop offline")
          ((equal state "authenticationFailed") "Codeloop auth failed")
          ((equal state "untrusted") "Codeloop untrusted")
          ((equal state "error")
           (concat "Codeloop error"
                   (if (stringp message) (concat ": " (car (split-string message "\n"))) "")))
          (t (format "Codeloop %s" state)))))

(defun codeloop-status (&optional server)
  "The last `codeloop/status' plist of SERVER (default: this buffer's), or nil."
  (let ((server (or server (ignore-errors (eglot-current-server)))))
    (and server (gethash server codeloop--statuses))))

(defun codeloop-mode-line ()
  "The mode-line text for this buffer: empty unless a Codeloop server manages it."
  (let ((server (ignore-errors (eglot-current-server))))
    (if (cl-typep server 'codeloop-eglot-server)
        (concat " [" (codeloop-status-text (gethash server codeloop--statuses)) "]")
      "")))

(defvar codeloop-mode-line-entry '(:eval (codeloop-mode-line))
  "Mode-line construct added to `mode-line-misc-info' by `codeloop-eglot-setup'.")
(put 'codeloop-mode-line-entry 'risky-local-variable t)

(cl-defmethod eglot-handle-notification ((server codeloop-eglot-server) (_method (eql codeloop/status))
                                         &rest params)
  "Remember the status PARAMS of SERVER and redraw the mode lines."
  (puthash server params codeloop--statuses)
  (force-mode-line-update t))

(defun codeloop--settings-object ()
  "`codeloop-settings' as a JSON object (an empty plist would be sent as null)."
  (or codeloop-settings (make-hash-table)))

(defun codeloop--launcher ()
  "The `codeloop' launcher script beside `codeloop-server-jar' when it is executable, else nil."
  (when (and codeloop-server-jar (not (string-empty-p codeloop-server-jar)))
    (let ((launcher (expand-file-name "codeloop" (file-name-directory (expand-file-name codeloop-server-jar)))))
      (and (file-regular-p launcher) (file-executable-p launcher) launcher))))

(defun codeloop-server-command ()
  "The server command line as a list of strings.
The `codeloop' launcher beside the jar when present (unless `codeloop-java-program' or
`codeloop-vmargs' ask for a particular JVM), else java -jar the jar; without a jar, `codeloop'
on PATH."
  (let ((launcher (and (null codeloop-java-program) (null codeloop-vmargs) (codeloop--launcher))))
    (cond
     (launcher (cons launcher codeloop-server-args))
     ((and codeloop-server-jar (not (string-empty-p codeloop-server-jar)))
      (let ((java (or codeloop-java-program
                      (let ((home (getenv "JAVA_HOME")))
                        (if (and home (not (string-empty-p home))) (expand-file-name "bin/java" home) "java")))))
        (append (list java) codeloop-vmargs
                (list "-jar" (expand-file-name codeloop-server-jar))
                codeloop-server-args)))
     ((executable-find "codeloop") (cons "codeloop" codeloop-server-args))
     (t (user-error "Codeloop: set `codeloop-server-jar' or $CODELOOP_SERVER_JAR")))))

(defun codeloop-eglot-contact (&optional _interactive)
  "The eglot contact of Codeloop: the server class, the command and its initializationOptions."
  `(codeloop-eglot-server ,@(codeloop-server-command)
                          :initializationOptions ,(lambda (_server) (list :settings (codeloop--settings-object)))))

(defun codeloop-workspace-configuration (server)
  "Value of `eglot-workspace-configuration' for SERVER: the `codeloop' section for Codeloop."
  (when (cl-typep server 'codeloop-eglot-server)
    (list (cons :codeloop (codeloop--settings-object)))))

;;;###autoload
(defun codeloop-eglot-setup ()
  "Associate `codeloop-major-modes' with Codeloop in `eglot-server-programs'.
Adds `codeloop-project-find' after version control in `project-find-functions', and makes
`eglot-workspace-configuration' answer the `codeloop' section, unless it is already set."
  (interactive)
  (dolist (entry (reverse codeloop-major-modes))
    (let* ((mode (if (consp entry) (car entry) entry))
           (id (if (consp entry) (cdr entry) (string-remove-suffix "-mode" (symbol-name mode)))))
      (setq eglot-server-programs
            (cons (cons (list (list mode :language-id id)) #'codeloop-eglot-contact)
                  (cl-remove-if (lambda (e) (equal (car e) (list (list mode :language-id id))))
                                eglot-server-programs)))))
  (unless (member 'codeloop-mode-line-entry mode-line-misc-info)
    (setq-default mode-line-misc-info (cons 'codeloop-mode-line-entry (default-value 'mode-line-misc-info))))
  (add-hook 'project-find-functions #'codeloop-project-find 90) ; after version control
  (unless (default-value 'eglot-workspace-configuration)
    (setq-default eglot-workspace-configuration #'codeloop-workspace-configuration)))

(defun codeloop--server ()
  "The eglot server of the current buffer, or a user error."
  (or (eglot-current-server) (user-error "Codeloop: no eglot server in this buffer (M-x eglot)")))

(defun codeloop-advertises-p (server command)
  "Non-nil if SERVER advertised COMMAND in executeCommandProvider.commands."
  (let ((commands (plist-get (plist-get (eglot--capabilities server) :executeCommandProvider) :commands)))
    (and commands (seq-contains-p commands command #'string=))))

(defun codeloop-execute (command &optional arguments server)
  "Run server COMMAND with ARGUMENTS (a vector) synchronously and return its result.
Signals a user error when the server does not advertise COMMAND."
  (let ((server (or server (codeloop--server))))
    (unless (codeloop-advertises-p server command)
      (user-error "Codeloop: server does not advertise %s" command))
    (jsonrpc-request server :workspace/executeCommand
                     (list :command command :arguments (or arguments [])))))

(defun codeloop--error-plist (err)
  "The JSON-RPC error in ERR (a `jsonrpc-error' condition) as (:code C :message M :data D)."
  (let ((details (cdr err)))
    (list :code (alist-get 'jsonrpc-error-code details)
          :message (or (alist-get 'jsonrpc-error-message details)
                       (and (stringp (car details)) (car details)))
          :data (alist-get 'jsonrpc-error-data details))))

(defun codeloop-not-configured-p (error-plist)
  "Non-nil if ERROR-PLIST (see `codeloop-last-error') says that no model serves the task."
  (equal (plist-get error-plist :data) codeloop-not-configured))

(defun codeloop--call (what command &optional arguments)
  "Run server COMMAND with ARGUMENTS for the user-facing action WHAT.
Returns the result; when the server answers an error, records it in `codeloop-last-error', tells
the user in the echo area (for a task without a model, the server's sentence on how to configure
one) and returns nil."
  (setq codeloop-last-error nil)
  (let ((server (codeloop--server)))
    (condition-case err
        (codeloop-execute command arguments server)
      (jsonrpc-error (codeloop--report what err server) nil))))

(defun codeloop--sentence (what error-plist)
  "A sentence telling the user why WHAT failed, from ERROR-PLIST (see `codeloop-last-error')."
  (let ((msg (or (plist-get error-plist :message) "unknown error")))
    (if (codeloop-not-configured-p error-plist)
        (format "Codeloop %s: %s" what msg)
      (format "Codeloop %s failed: %s" what msg))))

(defun codeloop--report (what err server)
  "Tell the user in a sentence why WHAT failed with ERR (a `jsonrpc-error' condition).
Records the error in `codeloop-last-error' and clears SERVER's last error, so the mode line does not
stay in the error state for an answer the user has been told about."
  (let ((e (codeloop--error-plist err)))
    (setq codeloop-last-error e)
    (when server (setf (jsonrpc-last-error server) nil))
    (message "%s" (codeloop--sentence what e))
    e))

(defun codeloop--tool-run-text (r)
  "Markdown summary of a runChecks/runTests result R."
  (let ((c (plist-get r :counts)))
    (concat
     (format "# %s: %s finding(s), %s error(s), %s warning(s) in %s file(s)\n\n%s tool(s), %s failed, %s ms\n"
             (or (plist-get r :kind) "run") (or (plist-get c :findings) 0) (or (plist-get c :error) 0)
             (or (plist-get c :warning) 0) (or (plist-get c :files) 0) (or (plist-get c :tools) 0)
             (or (plist-get c :failedTools) 0) (or (plist-get r :durationMs) "?"))
     (mapconcat (lambda (f) (format "\n- %s:%s %s (%s)" (plist-get f :file) (plist-get f :line)
                                    (plist-get f :message) (plist-get f :tool)))
                (plist-get r :firstFailures) "")
     (mapconcat (lambda (tool) (format "\n\n## %s: exit %s%s" (plist-get tool :id) (plist-get tool :exitCode)
                                       (if (eq (plist-get tool :timedOut) t) " (timed out)" "")))
                (plist-get r :tools) ""))))

(defun codeloop--show-tools-text (r)
  "Markdown summary of a showTools result R."
  (concat "# Tools" (if (eq (plist-get r :trusted) :json-false) " (workspace not trusted: nothing runs)" "")
          (if (stringp (plist-get r :message)) (concat "\n\n" (plist-get r :message)) "")
          (mapconcat
           (lambda (root)
             (concat (format "\n\n## %s" (plist-get root :root))
                     (mapconcat (lambda (tool)
                                  (let ((cmd (plist-get tool :command)))
                                    (format "\n- %s %s: `%s` (%s)" (plist-get tool :kind) (plist-get tool :id)
                                            (if (vectorp cmd) (mapconcat #'identity cmd " ") cmd)
                                            (plist-get tool :why))))
                                (plist-get root :tools) "")))
           (plist-get r :roots) "")))

(defun codeloop-result-text (result)
  "Text of RESULT for the user: its Markdown document (`markdown'; older servers: doctor's `report',
`text', a workflow's `summary'), a Markdown summary of a tool run or of showTools, else nil (JSON)."
  (cond ((stringp result) result)
        ((not (and result (listp result))) nil)
        ((cl-some (lambda (k) (and (stringp (plist-get result k)) (plist-get result k)))
                  '(:markdown :report :text :summary)))
        ((and (plist-member result :counts) (plist-member result :tools)) (codeloop--tool-run-text result))
        ((plist-member result :roots) (codeloop--show-tools-text result))))

(defun codeloop--client-shows-documents-p (server)
  "Non-nil when this eglot announces window/showDocument support to SERVER."
  (eq t (plist-get (plist-get (plist-get (ignore-errors (eglot-client-capabilities server)) :window)
                              :showDocument)
                   :support)))

(defun codeloop-result-shown-p (result &optional server)
  "Non-nil when the server already showed RESULT with window/showDocument.
A server that sends `shown' says so; an older server's `answerUri' counts only when this eglot handles
window/showDocument (eglot 1.9 does not)."
  (and (listp result)
       (if (plist-member result :shown)
           (eq (plist-get result :shown) t)
         (and (plist-get result :answerUri) server (codeloop--client-shows-documents-p server)))))

(defun codeloop--show (title result)
  "Show RESULT (Markdown text or a JSON value) in a buffer named after TITLE; return the buffer."
  (let ((buf (get-buffer-create (format "*codeloop %s*" title)))
        (text (codeloop-result-text result)))
    (with-current-buffer buf
      (let ((inhibit-read-only t))
        (erase-buffer)
        (if text
            (insert text)
          (insert (json-serialize result :null-object nil :false-object :json-false))
          (json-pretty-print-buffer))
        (goto-char (point-min)))
      (special-mode))
    (unless noninteractive (display-buffer buf))
    buf))

(defun codeloop--run-and-show (title command &optional arguments)
  "Run COMMAND with ARGUMENTS and show its result in the buffer *codeloop TITLE*.
Errors become a sentence in the echo area (see `codeloop--call') and show nothing; an answer the server
already showed (`shown') is not shown again.  Returns the result, or nil on error."
  (let ((server (codeloop--server))
        (result (codeloop--call title command arguments)))
    (when (and result (not codeloop-last-error) (not (codeloop-result-shown-p result server)))
      (codeloop--show title result))
    result))

(defun codeloop-show-settings ()
  "Show the settings in force in the server (secrets redacted)."
  (interactive)
  (codeloop--run-and-show "settings" codeloop-command-show-settings))

(defun codeloop-stats ()
  "Show per-model and per-task statistics."
  (interactive)
  (codeloop--run-and-show "stats" codeloop-command-stats))

(defun codeloop-completion-stats ()
  "Show completions shown and accepted per model and language."
  (interactive)
  (codeloop--run-and-show "completion stats" codeloop-command-completion-stats))

(defun codeloop-doctor ()
  "Check every configured model and the settings; show the report."
  (interactive)
  (codeloop--run-and-show "doctor" codeloop-command-doctor))

(defun codeloop-trust-workspace (&optional revoke)
  "Trust this workspace's .codeloop.json; with prefix argument REVOKE, stop trusting it.
The decision is recorded in trustedWorkspaces of the user settings file."
  (interactive "P")
  (codeloop--run-and-show "workspace trust" codeloop-command-trust-workspace (vector (if revoke :json-false t))))

(defun codeloop--file-uri ()
  "The current buffer's file as a URI."
  (eglot--path-to-uri (buffer-file-name)))

(defun codeloop-run-checks ()
  "Run the workspace's checks; their findings become diagnostics (source codeloop:check)."
  (interactive)
  (codeloop--run-and-show "checks" codeloop-command-run-checks (vector (codeloop--file-uri))))

(defun codeloop-run-tests ()
  "Run the workspace's tests; failures become diagnostics (source codeloop:test)."
  (interactive)
  (codeloop--run-and-show "tests" codeloop-command-run-tests (vector (codeloop--file-uri))))

(defun codeloop-show-tools ()
  "Show which checks and tests `codeloop-run-checks'/`codeloop-run-tests' would run, and why."
  (interactive)
  (codeloop--run-and-show "tools" codeloop-command-show-tools))

(defun codeloop-fix-failing-tests (&optional max-rounds)
  "Run the tests and, while they fail, let the model fix them (at most MAX-ROUNDS rounds; prefix arg)."
  (interactive "P")
  (codeloop--run-and-show "fix failing tests" codeloop-command-fix-failing-tests
                          (if max-rounds (vector (list :maxRounds (prefix-numeric-value max-rounds))) [])))

(defun codeloop-implement (goal)
  "Let the model implement GOAL, then fix failing tests."
  (interactive (list (read-string "Implement (goal): ")))
  (codeloop--run-and-show "implement" codeloop-command-implement (vector goal)))

(cl-defmethod eglot-execute-command ((server codeloop-eglot-server) command _arguments)
  "Run COMMAND on SERVER as eglot does; errors become a sentence, answers open in a buffer."
  (condition-case err
      (let ((result (cl-call-next-method)))
        (when (and result (listp result) (plist-get result :markdown)
                   (not (codeloop-result-shown-p result server)))
          (codeloop--show (or (plist-get result :title) "answer") result))
        result)
    (jsonrpc-error (codeloop--report (if (eq command (quote codeloop.applyAction)) "action" (format "%s" command))
                                   err server)
                  nil)))

(defun codeloop--created-files (edit)
  "Files the workspace EDIT fills that exist empty on disk and are not visited.
The server creates a new file (e.g. a generated test) empty before sending its text."
  (let (files)
    (cl-flet ((consider (uri)
                (let ((file (eglot--uri-to-path uri)))
                  (when (and (file-exists-p file)
                             (eql 0 (file-attribute-size (file-attributes file)))
                             (not (find-buffer-visiting file)))
                    (push file files)))))
      (cl-loop for (uri _edits) on (plist-get edit :changes) by #'cddr do (consider uri))
      (mapc (lambda (change)
              (let ((doc (plist-get change :textDocument)))
                (when doc (consider (plist-get doc :uri)))))
            (plist-get edit :documentChanges)))
    files))

(cl-defmethod eglot-handle-request :around ((_server codeloop-eglot-server) (_method (eql workspace/applyEdit))
                                            &key _label edit &allow-other-keys)
  "Apply EDIT as eglot does, then save and show the files it created.
eglot leaves a new file's text in an unsaved buffer while the server made it empty on disk."
  (let* ((created (codeloop--created-files edit))
         ;; eglot 1.9 asks before editing a file no buffer visits, even with
         ;; `eglot-confirm-server-initiated-edits' nil; visit the new files first (with the option
         ;; non-nil, eglot still asks about the whole edit)
         (_ (mapc #'find-file-noselect created))
         (reply (cl-call-next-method)))
    (dolist (file created)
      (let ((buf (find-buffer-visiting file)))
        (when buf
          (with-current-buffer buf
            (when (buffer-modified-p) (save-buffer)))
          (unless noninteractive (display-buffer buf)))))
    reply))

(defun codeloop-enabled-actions (actions)
  "ACTIONS (a list or vector of CodeAction plists) without the disabled ones."
  (cl-remove-if (lambda (a) (plist-get a :disabled)) (append actions nil)))

(defun codeloop-code-actions (beg end &optional pick)
  "Offer Codeloop's code actions between BEG and END; disabled ones are not listed.
When none is enabled, tell why (the disabled reasons).  PICK, a function of the enabled actions
returning one, replaces the prompt (for scripts and tests).  Errors become a sentence."
  (interactive (if (use-region-p) (list (region-beginning) (region-end)) (list (point) (point))))
  (let* ((server (codeloop--server))
         (all (eglot-code-actions beg end))
         (enabled (codeloop-enabled-actions all)))
    (if (null enabled)
        (message "Codeloop: %s"
                 (if all (concat "no action available. "
                                 (mapconcat (lambda (a) (format "%s: %s" (plist-get a :title)
                                                                (plist-get (plist-get a :disabled) :reason)))
                                            all "; "))
                   "no code actions here"))
      (let ((chosen (if pick (funcall pick enabled)
                      (let ((items (mapcar (lambda (a) (cons (plist-get a :title) a)) enabled)))
                        (cdr (assoc (completing-read "Codeloop action: " items nil t) items))))))
        (when chosen
          (setq codeloop-last-error nil)
          (let ((edit (plist-get chosen :edit))
                (command (plist-get chosen :command)))
            (when edit (eglot--apply-workspace-edit edit))
            (when command
              (eglot-execute-command server (intern (plist-get command :command))
                                     (plist-get command :arguments)))))
        chosen))))

(defun codeloop--target (beg end)
  "Arguments for the buffer's file and, when BEG and END are given, that range: (URI [RANGE])."
  (let ((uri (eglot--path-to-uri (buffer-file-name))))
    (if (and beg end)
        (list uri (list :start (eglot--pos-to-lsp-position beg) :end (eglot--pos-to-lsp-position end)))
      (list uri))))

(defun codeloop--show-answer (title result)
  "Show RESULT unless the server already showed it (`codeloop-result-shown-p').
A nil RESULT (the command failed; `codeloop--call' told the user) shows nothing."
  (cond ((null result))
        ((codeloop-result-shown-p result (eglot-current-server))
         (message "Codeloop: answer in %s" (plist-get result :answerUri)))
        (t (codeloop--show title result)))
  result)

(defun codeloop-ask (question &optional beg end)
  "Ask Codeloop QUESTION about the buffer, or about the region BEG..END when active.
Sends codeloop.ask [QUESTION URI RANGE?]."
  (interactive (append (list (read-string "Ask Codeloop: "))
                       (when (use-region-p) (list (region-beginning) (region-end)))))
  (codeloop--show-answer
   "ask" (codeloop--call "ask" codeloop-command-ask (vconcat (list question) (codeloop--target beg end)))))

(defun codeloop-plan (instruction &optional beg end)
  "Plan the change INSTRUCTION of the buffer, or of the region BEG..END when active.
Sends codeloop.plan [INSTRUCTION URI RANGE?]."
  (interactive (append (list (read-string "Plan (what should change?): "))
                       (when (use-region-p) (list (region-beginning) (region-end)))))
  (codeloop--show-answer
   "plan" (codeloop--call "plan" codeloop-command-plan (vconcat (list instruction) (codeloop--target beg end)))))

(defun codeloop-chat (&optional beg end)
  "Send this chat file (*.codeloop.md), or the region BEG..END, to Codeloop.
Sends codeloop.chat [URI RANGE?]; the server appends the answer to the file."
  (interactive (when (use-region-p) (list (region-beginning) (region-end))))
  (codeloop--call "chat" codeloop-command-chat (vconcat (codeloop--target beg end))))

(defun codeloop-select-model (task model)
  "Route TASK to MODEL for this session."
  (interactive
   (let* ((task (completing-read "Codeloop task: " codeloop-tasks nil t))
          (settings (ignore-errors (plist-get (codeloop-execute codeloop-command-show-settings) :settings)))
          (models (cl-loop for (k _v) on (plist-get settings :models) by #'cddr
                           collect (substring (symbol-name k) 1))))
     (list task (completing-read (format "Model for %s: " task) (append models '("embedded"))))))
  (let ((result (codeloop--call "select model" codeloop-command-select-model (vector task model))))
    (unless codeloop-last-error
      (message "Codeloop: %s now uses %s" task model))
    result))

(defun codeloop-set-settings (settings)
  "Set `codeloop-settings' to SETTINGS and send them to every running Codeloop server."
  (setq codeloop-settings settings)
  (dolist (server (seq-uniq (apply #'append (hash-table-values eglot--servers-by-project))))
    (when (cl-typep server 'codeloop-eglot-server)
      (jsonrpc-notify server :workspace/didChangeConfiguration
                      (list :settings (list :codeloop (codeloop--settings-object)))))))

(provide 'codeloop)
;;; codeloop.el ends here
