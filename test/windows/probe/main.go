// A Windows program (GOOS=windows) that reads AWS credentials the two ways Windows tools do:
//
//	probe sdk PROFILE          the AWS SDK for Go v2: LoadDefaultConfig, then Retrieve. Its process
//	                           provider runs the profile's credential_process under `cmd.exe /C`.
//	probe botocore WORD...     as botocore and AWS CLI v2 start a credential_process: the words of
//	                           compat_shell_split(line, platform='win32') joined by the C runtime's
//	                           rules and handed to CreateProcess with no application name (no shell).
//	probe hold FILE            opens FILE as editors and scanners do, without delete sharing, so
//	                           nothing can be renamed over it; lets go 500 ms after a temp file
//	                           (.NAME.*.tmp) shows up beside it, or after 60 s. FILE.held
//	                           marks the moment it holds the file.
//
// Each mode prints one JSON line on stdout; a failure exits 1 with its reason on stderr.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/config"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func sdk(profile string) {
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithSharedConfigProfile(profile), config.WithRegion("us-east-1"))
	if err != nil {
		fail("load config: %v", err)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		fail("retrieve: %v", err)
	}
	out, _ := json.Marshal(map[string]string{"AccessKeyId": creds.AccessKeyID, "Source": creds.Source})
	fmt.Println(string(out))
}

// readAll drains a pipe handle until the writer closes it.
func readAll(h syscall.Handle, into *strings.Builder, done chan<- struct{}) {
	buf := make([]byte, 4096)
	for {
		var n uint32
		if err := syscall.ReadFile(h, buf, &n, nil); err != nil || n == 0 {
			break
		}
		into.Write(buf[:n])
	}
	close(done)
}

func botocore(words []string) {
	escaped := make([]string, len(words))
	for i, w := range words {
		escaped[i] = syscall.EscapeArg(w)
	}
	cmdline, err := syscall.UTF16PtrFromString(strings.Join(escaped, " "))
	if err != nil {
		fail("command line: %v", err)
	}

	sa := &syscall.SecurityAttributes{Length: uint32(unsafe.Sizeof(syscall.SecurityAttributes{})), InheritHandle: 1}
	var outR, outW, errR, errW syscall.Handle
	if err := syscall.CreatePipe(&outR, &outW, sa, 0); err != nil {
		fail("pipe: %v", err)
	}
	if err := syscall.CreatePipe(&errR, &errW, sa, 0); err != nil {
		fail("pipe: %v", err)
	}
	// Our ends stay ours: the child inherits only the write ends.
	syscall.SetHandleInformation(outR, syscall.HANDLE_FLAG_INHERIT, 0)
	syscall.SetHandleInformation(errR, syscall.HANDLE_FLAG_INHERIT, 0)

	si := &syscall.StartupInfo{Flags: syscall.STARTF_USESTDHANDLES, StdOutput: outW, StdErr: errW}
	si.Cb = uint32(unsafe.Sizeof(*si))
	pi := &syscall.ProcessInformation{}
	started := time.Now()
	if err := syscall.CreateProcess(nil, cmdline, nil, nil, true, 0, nil, nil, si, pi); err != nil {
		fail("CreateProcess %q: %v", words, err)
	}
	syscall.CloseHandle(outW)
	syscall.CloseHandle(errW)

	var stdout, stderr strings.Builder
	outDone, errDone := make(chan struct{}), make(chan struct{})
	go readAll(outR, &stdout, outDone)
	go readAll(errR, &stderr, errDone)
	if ev, _ := syscall.WaitForSingleObject(pi.Process, 120000); ev != syscall.WAIT_OBJECT_0 {
		fail("the process did not finish within 120 s")
	}
	<-outDone
	<-errDone
	var code uint32
	syscall.GetExitCodeProcess(pi.Process, &code)
	out, _ := json.Marshal(map[string]interface{}{"code": code, "stdout": stdout.String(), "stderr": stderr.String(), "ms": time.Since(started).Milliseconds()})
	fmt.Println(string(out))
}

func hold(file string) {
	name, err := syscall.UTF16PtrFromString(file)
	if err != nil {
		fail("name: %v", err)
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE, nil, syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		fail("open %s: %v", file, err)
	}
	// Tells the test the file is held: FILE.held beside it.
	if err := os.WriteFile(file+".held", nil, 0o600); err != nil {
		fail("marker: %v", err)
	}
	dir, base := filepath.Dir(file), filepath.Base(file)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if temps, _ := filepath.Glob(filepath.Join(dir, "."+base+".*.tmp")); len(temps) > 0 {
			time.Sleep(500 * time.Millisecond)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	syscall.CloseHandle(h)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "hold" {
		hold(os.Args[2])
		return
	}
	if len(os.Args) >= 3 && os.Args[1] == "sdk" {
		sdk(os.Args[2])
		return
	}
	if len(os.Args) >= 3 && os.Args[1] == "botocore" {
		botocore(os.Args[2:])
		return
	}
	fail("usage: probe sdk PROFILE | probe botocore WORD... | probe hold FILE")
}
